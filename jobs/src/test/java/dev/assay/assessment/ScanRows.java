package dev.assay.assessment;

import java.math.BigDecimal;

import dev.assay.testing.Sql;

/**
 * Writes image, tag and finding rows straight into the scan tables, the way scan-import leaves
 * them, so assessment tests choose every score themselves.
 */
final class ScanRows {

	private final Sql sql;

	ScanRows(Sql sql) {
		this.sql = sql;
	}

	/** A scanned image; returns its id. */
	long image(String registry, String repository, String digest, String... tags) {
		return imageWithStatus(registry, repository, digest, "SCANNED", null, tags);
	}

	long imageWithStatus(String registry, String repository, String digest, String status, String reason,
			String... tags) {
		this.sql.execute("INSERT INTO image (registry, repository, digest, digest_kind, first_seen, last_scanned,"
				+ " scan_status, unknown_reason, changed_at) VALUES ('" + registry + "', '" + repository + "', '" + digest
				+ "', 'REPOSITORY', NOW(3), NOW(3), '" + status + "', " + ((reason != null) ? "'" + reason + "'" : "NULL")
				+ ", NOW(3))");
		long id = this.sql.count("SELECT MAX(id) FROM image");
		for (String tag : tags) {
			this.sql.execute("INSERT INTO image_tag (image_id, tag) VALUES (" + id + ", '" + tag + "')");
		}
		return id;
	}

	/** A finding; {@code score} may be {@code null} (no v3 score). */
	void finding(long image, String vulnId, String cve, String packageName, BigDecimal score) {
		this.sql.execute("INSERT INTO finding (image_id, scan_id, vuln_id, cve, package_name, package_version,"
				+ " cvss3_score) VALUES (" + image + ", 0, '" + vulnId + "', " + ((cve != null) ? "'" + cve + "'" : "NULL")
				+ ", '" + packageName + "', '1.0', " + ((score != null) ? score.toPlainString() : "NULL") + ")");
	}

	void finding(long image, String cve, String packageName, String score) {
		finding(image, cve, cve, packageName, (score != null) ? new BigDecimal(score) : null);
	}

	/** Marks the image as changed now, as a new scan would. */
	void touch(long image) {
		this.sql.execute("UPDATE image SET changed_at = NOW(3) + INTERVAL 1 SECOND WHERE id = " + image);
	}

}
