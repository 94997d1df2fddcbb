package dev.assay.assessment;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import dev.assay.testing.Sql;

/**
 * Writes images, their tags, current findings and results with plain SQL, the way
 * {@code scan-import} and {@code assess} leave them, so that the image view can be tested on
 * rows whose every value the test knows.
 */
final class ImageRows {

	private final Sql sql;

	ImageRows(Sql sql) {
		this.sql = sql;
	}

	/** A finding as scan-import stores it; {@code cvss} {@code null} for no v3 score. */
	record Finding(String vulnId, String cve, String packageName, String version, String fixedVersion,
			BigDecimal cvss) {
	}

	/** Inserts an image with a scan holding {@code findings}; returns the image id. */
	long image(String registry, String repository, String digest, List<String> tags, String scanStatus,
			String unknownReason, List<Finding> findings) {
		try (Connection connection = this.sql.connect()) {
			long image = Sql.insert(connection, """
					INSERT INTO image (registry, repository, digest, digest_kind, first_seen, scan_status, unknown_reason,
						changed_at)
					VALUES (?, ?, ?, 'REPOSITORY', NOW(3), ?, ?, NOW(3))""", registry, repository, digest, scanStatus,
					unknownReason);
			for (String tag : tags) {
				Sql.insert(connection, "INSERT INTO image_tag (image_id, tag) VALUES (?, ?)", image, tag);
			}
			long scan = Sql.insert(connection, """
					INSERT INTO scan (image_id, format, scanned_at, imported_at, source, finding_count)
					VALUES (?, 'GRYPE', NOW(3), NOW(3), 'test', ?)""", image, findings.size());
			for (Finding finding : findings) {
				Sql.insert(connection, """
						INSERT INTO finding (image_id, scan_id, vuln_id, cve, package_name, package_version, fixed_version,
							cvss3_score)
						VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", image, scan, finding.vulnId(), finding.cve(),
						finding.packageName(), finding.version(), finding.fixedVersion(), finding.cvss());
			}
			return image;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Writes the image's result as assess would. */
	void assessment(long image, String result, String unknownReason, String maxCvss, int[] counts, int kevCount,
			Double maxEpss, String warn, String fail) {
		try (Connection connection = this.sql.connect()) {
			Sql.insert(connection, """
					INSERT INTO image_assessment (image_id, result, unknown_reason, max_cvss, critical, high, medium, low,
						none, kev_count, max_epss, warn_threshold, fail_threshold, assessed_at, image_changed_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NOW(3),
						(SELECT changed_at FROM image WHERE id = ?))""", image, result, unknownReason,
					(maxCvss != null) ? new BigDecimal(maxCvss) : null, counts[0], counts[1], counts[2], counts[3],
					counts[4], kevCount, maxEpss, new BigDecimal(warn), new BigDecimal(fail), image);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}


}
