package dev.assay.assessment;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What each image's findings give before exceptions and feeds apply ({@code image_finding_summary}):
 * max CVSS and counts by band. They depend on the findings only, so a run after the rules or the
 * feeds changed reuses them, and only corrects them for the findings an exception covers; counting
 * the distinct vulnerability ids of every finding was most of the cost of a full assessment.
 * <p>
 * Runs in the assessment's transaction: the summaries are written with the results.
 */
@Repository
class FindingSummaries {

	/**
	 * A vulnerability id counts once, in the band of its highest score: the ids with some score of
	 * at least 9.0 are exactly those whose highest score is, so each band is the difference of two
	 * such distinct counts. An image without findings gets zeros. The findings are grouped in a
	 * derived table so that the server can read them in the table's order, which follows the
	 * images', instead of one image at a time through an index and then each row apart.
	 */
	private static final String SUMMARIZE = """
			INSERT INTO image_finding_summary (image_id, image_changed_at, max_cvss, critical, high, medium, low, none)
			SELECT i.id, i.changed_at, v.max_cvss, COALESCE(v.from_9, 0), COALESCE(v.from_7 - v.from_9, 0),
				COALESCE(v.from_4 - v.from_7, 0), COALESCE(v.from_0_1 - v.from_4, 0), COALESCE(v.ids - v.from_0_1, 0)
			FROM assess_unsummarized u
			JOIN image i ON i.id = u.image_id
			LEFT JOIN (
				SELECT f.image_id,
					MAX(f.cvss3_score) AS max_cvss,
					COUNT(DISTINCT IF(f.cvss3_score >= 9.0, f.vuln_id, NULL)) AS from_9,
					COUNT(DISTINCT IF(f.cvss3_score >= 7.0, f.vuln_id, NULL)) AS from_7,
					COUNT(DISTINCT IF(f.cvss3_score >= 4.0, f.vuln_id, NULL)) AS from_4,
					COUNT(DISTINCT IF(f.cvss3_score >= 0.1, f.vuln_id, NULL)) AS from_0_1,
					COUNT(DISTINCT f.vuln_id) AS ids
				FROM finding f %s
				GROUP BY f.image_id) v ON v.image_id = i.id
			ON DUPLICATE KEY UPDATE image_changed_at = VALUES(image_changed_at), max_cvss = VALUES(max_cvss),
				critical = VALUES(critical), high = VALUES(high), medium = VALUES(medium), low = VALUES(low),
				none = VALUES(none)""";

	private final JdbcClient db;

	FindingSummaries(JdbcClient db) {
		this.db = db;
	}

	/**
	 * Brings the summaries up to date with the findings: those of images whose {@code changed_at}
	 * moved since, or that have none yet; of every image with {@code all}.
	 */
	void refresh(boolean all) {
		this.db.sql("DROP TEMPORARY TABLE IF EXISTS assess_unsummarized").update();
		this.db.sql("CREATE TEMPORARY TABLE assess_unsummarized (image_id BIGINT NOT NULL PRIMARY KEY)").update();
		int images = this.db.sql(all ? "INSERT INTO assess_unsummarized (image_id) SELECT id FROM image" : """
				INSERT INTO assess_unsummarized (image_id)
				SELECT i.id FROM image i LEFT JOIN image_finding_summary s ON s.image_id = i.id
				WHERE s.image_id IS NULL OR s.image_changed_at <> i.changed_at""").update();
		if (images > 0) {
			this.db.sql(SUMMARIZE.formatted(all ? "" : "JOIN assess_unsummarized s ON s.image_id = f.image_id"))
				.update();
		}
		this.db.sql("DROP TEMPORARY TABLE assess_unsummarized").update();
	}

	/** Deletes the summaries of images that no longer exist. */
	void removeGoneImages() {
		this.db.sql("""
				DELETE s FROM image_finding_summary s LEFT JOIN image i ON i.id = s.image_id
				WHERE i.id IS NULL""").update();
	}

}
