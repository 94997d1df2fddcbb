package dev.assay.assessment;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.assay.testing.Sql;

/**
 * Writes image, image_tag and finding rows as scan-import does (that job is built elsewhere), and
 * keeps what it wrote, so that a test computes the results it expects from the same rows.
 */
final class ScanRows {

	private final Sql sql;

	private final AtomicInteger digests = new AtomicInteger();

	private final List<Image> images = new ArrayList<>();

	private final List<Finding> findings = new ArrayList<>();

	ScanRows(Sql sql) {
		this.sql = sql;
	}

	/** An image with a complete scan and no findings yet. */
	Image scanned(String registry, String repository, String... tags) {
		return insert(new Image(0, registry, repository, "SCANNED", null, List.of(tags)));
	}

	/** An image without a complete scan: {@code FAILED} or {@code NOT_SCANNED}. */
	Image unscanned(String registry, String repository, String status, String reason) {
		return insert(new Image(0, registry, repository, status, reason, List.of()));
	}

	/** Adds a finding to the image's current scan; {@code score} {@code null} for none. */
	Finding finding(Image image, String vulnId, String cve, String packageName, String score) {
		Finding finding = new Finding(image.id(), vulnId, cve, packageName, (score != null) ? new BigDecimal(score) : null);
		findings(image, List.of(finding));
		return finding;
	}

	/** Adds findings to the image's current scan, in one batch. */
	void findings(Image image, List<Finding> findings) {
		try (Connection connection = this.sql.connect();
				PreparedStatement insert = connection.prepareStatement("""
						INSERT INTO finding (image_id, scan_id, vuln_id, cve, package_name, package_version, cvss3_score)
						VALUES (?, ?, ?, ?, ?, '1.0', ?)""")) {
			for (Finding finding : findings) {
				insert.setLong(1, image.id());
				insert.setLong(2, image.id());
				insert.setString(3, finding.vulnId());
				insert.setString(4, finding.cve());
				insert.setString(5, finding.packageName());
				insert.setBigDecimal(6, finding.score());
				insert.addBatch();
				this.findings.add(new Finding(image.id(), finding.vulnId(), finding.cve(), finding.packageName(),
						finding.score()));
			}
			insert.executeBatch();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A CVE finding, its vulnerability id being the CVE. */
	Finding cve(Image image, String cve, String score) {
		return finding(image, cve, cve, "pkg-" + cve, score);
	}

	/** A new scan of the image: its findings are replaced and its {@code changed_at} moves on. */
	void rescan(Image image) {
		this.sql.execute("DELETE FROM finding WHERE image_id = " + image.id());
		this.sql.execute("UPDATE image SET changed_at = changed_at + INTERVAL 1 SECOND, last_scanned = NOW(3)"
				+ " WHERE id = " + image.id());
		this.findings.removeIf(finding -> finding.imageId() == image.id());
	}

	List<Image> images() {
		return this.images;
	}

	/** The image's current findings, as written. */
	List<Finding> findingsOf(Image image) {
		return this.findings.stream().filter(finding -> finding.imageId() == image.id()).toList();
	}

	private Image insert(Image image) {
		try (Connection connection = this.sql.connect();
				PreparedStatement insert = connection.prepareStatement("""
						INSERT INTO image (registry, repository, digest, digest_kind, first_seen, last_scanned, scan_status,
							unknown_reason, changed_at)
						VALUES (?, ?, ?, 'REPOSITORY', NOW(3), IF(? = 'SCANNED', NOW(3), NULL), ?, ?, '2026-01-01 00:00:00')""",
						Statement.RETURN_GENERATED_KEYS)) {
			insert.setString(1, image.registry());
			insert.setString(2, image.repository());
			insert.setString(3, "sha256:" + "%064x".formatted(this.digests.incrementAndGet()));
			insert.setString(4, image.status());
			insert.setString(5, image.status());
			insert.setString(6, image.unknownReason());
			insert.executeUpdate();
			long id;
			try (ResultSet keys = insert.getGeneratedKeys()) {
				keys.next();
				id = keys.getLong(1);
			}
			this.sql.execute("INSERT INTO scan (id, image_id, format, scanned_at, imported_at, source, finding_count)"
					+ " VALUES (" + id + ", " + id + ", 'GRYPE', NOW(3), NOW(3), 'test', 0)");
			for (String tag : image.tags()) {
				this.sql.execute("INSERT INTO image_tag (image_id, tag) VALUES (" + id + ", '" + tag + "')");
			}
			Image inserted = new Image(id, image.registry(), image.repository(), image.status(), image.unknownReason(),
					image.tags());
			this.images.add(inserted);
			return inserted;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	record Image(long id, String registry, String repository, String status, String unknownReason, List<String> tags) {

		boolean scanned() {
			return "SCANNED".equals(this.status);
		}

		boolean hasTag(String... any) {
			return Arrays.stream(any).anyMatch(this.tags::contains);
		}

	}

	record Finding(long imageId, String vulnId, String cve, String packageName, BigDecimal score) {
	}

}
