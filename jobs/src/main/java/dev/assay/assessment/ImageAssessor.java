package dev.assay.assessment;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.Map;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Computes image results with a few set-based statements over all images, or over the images
 * marked stale, and records each change of result. Its scratch tables are temporary, so every
 * method must run on one connection: inside the assessment's transaction.
 * <p>
 * The scratch tables that the pass over the findings looks up (exceptions by image, feed values by
 * CVE) use the MEMORY engine: with InnoDB scratch tables the pass took 1.3 to 1.6 times as long, on
 * 3,000,000 findings.
 */
@Repository
class ImageAssessor {

	/** An upper bound for the MEMORY scratch tables (the server's default is 16 MB), not an allocation. */
	private static final long SCRATCH_LIMIT_BYTES = 1L << 30;

	/** Image 0 stands for every image: ids start at 1. */
	private static final String EXCEPTIONS_BY_IMAGE = """
			INSERT INTO assess_exception (image_id, vuln)
			SELECT 0, x.cve FROM vuln_exception x
			WHERE x.scope = 'any' AND (x.expires IS NULL OR x.expires >= :today)
			UNION
			SELECT i.id, x.cve FROM vuln_exception x
			JOIN image i ON i.registry = x.registry AND i.repository = x.repository
			WHERE x.scope = 'repo' AND (x.expires IS NULL OR x.expires >= :today)
			UNION
			SELECT i.id, x.cve FROM vuln_exception x
			JOIN image i ON i.registry = x.registry AND i.repository = x.repository
			JOIN vuln_exception_tag t ON t.exception_id = x.id
			JOIN image_tag it ON it.image_id = i.id AND it.tag = t.tag
			WHERE x.scope = 'image' AND (x.expires IS NULL OR x.expires >= :today)""";

	/** Looked up once per CVE here rather than once per finding in the pass below. */
	private static final String FEEDS_BY_CVE = """
			INSERT INTO assess_feed (cve, kev, epss)
			SELECT c.cve, k.cve IS NOT NULL, e.epss
			FROM (SELECT DISTINCT f.cve FROM finding f %s WHERE f.cve IS NOT NULL) c
			LEFT JOIN kev_known_exploited k ON k.cve = c.cve
			LEFT JOIN epss_current e ON e.cve = c.cve
			WHERE k.cve IS NOT NULL OR e.cve IS NOT NULL""";

	/**
	 * One pass over the findings. A vulnerability id counts once, in the band of its highest score:
	 * the ids with some score of at least 9.0 are exactly those whose highest score is, so each band
	 * is the difference of two such distinct counts. An exception covers a finding by its CVE or its
	 * vulnerability id; the second lookup is skipped where the two are the same.
	 */
	private static final String RESULTS = """
			INSERT INTO assess_result (image_id, result, unknown_reason, max_cvss, critical, high, medium, low, none,
				kev_count, max_epss, warn_threshold, fail_threshold, image_changed_at, assessed_at)
			SELECT i.id,
				CASE WHEN i.scan_status <> 'SCANNED' THEN 'UNKNOWN'
					WHEN v.max_cvss >= :fail THEN 'FAIL'
					WHEN v.max_cvss >= :warn THEN 'WARN'
					ELSE 'PASS' END,
				IF(i.scan_status <> 'SCANNED', i.unknown_reason, NULL),
				v.max_cvss,
				COALESCE(v.from_9, 0), COALESCE(v.from_7 - v.from_9, 0), COALESCE(v.from_4 - v.from_7, 0),
				COALESCE(v.from_0_1 - v.from_4, 0), COALESCE(v.ids - v.from_0_1, 0),
				COALESCE(v.kev, 0), v.max_epss, :warn, :fail, i.changed_at, :now
			FROM image i %s
			LEFT JOIN (
				SELECT f.image_id,
					MAX(f.cvss3_score) AS max_cvss,
					COUNT(DISTINCT IF(f.cvss3_score >= 9.0, f.vuln_id, NULL)) AS from_9,
					COUNT(DISTINCT IF(f.cvss3_score >= 7.0, f.vuln_id, NULL)) AS from_7,
					COUNT(DISTINCT IF(f.cvss3_score >= 4.0, f.vuln_id, NULL)) AS from_4,
					COUNT(DISTINCT IF(f.cvss3_score >= 0.1, f.vuln_id, NULL)) AS from_0_1,
					COUNT(DISTINCT f.vuln_id) AS ids,
					COUNT(DISTINCT IF(d.kev, f.cve, NULL)) AS kev,
					MAX(d.epss) AS max_epss
				FROM finding f %s
				LEFT JOIN assess_feed d ON d.cve = f.cve
				WHERE NOT EXISTS (SELECT 1 FROM assess_exception x WHERE x.image_id = 0 AND x.vuln = f.cve)
					AND NOT EXISTS (SELECT 1 FROM assess_exception x WHERE x.image_id = f.image_id AND x.vuln = f.cve)
					AND (f.vuln_id <=> f.cve
						OR NOT EXISTS (SELECT 1 FROM assess_exception x WHERE x.image_id = 0 AND x.vuln = f.vuln_id)
						AND NOT EXISTS (SELECT 1 FROM assess_exception x
							WHERE x.image_id = f.image_id AND x.vuln = f.vuln_id))
				GROUP BY f.image_id) v ON v.image_id = i.id""";

	/** A first result has no old one, and a new scan is all that can explain it. */
	private static final String RECORD_CHANGES = """
			INSERT INTO result_change (image_id, old_result, new_result, changed_at, reason)
			SELECT n.image_id, o.result, n.result, n.assessed_at,
				CASE WHEN o.image_id IS NULL THEN 'NEW_SCAN'
					WHEN o.image_changed_at <> n.image_changed_at THEN CONCAT_WS(',', 'NEW_SCAN', :rules)
					ELSE :rules END
			FROM assess_result n LEFT JOIN image_assessment o ON o.image_id = n.image_id
			WHERE o.image_id IS NULL OR o.result <> n.result""";

	private static final String WRITE_RESULTS = """
			INSERT INTO image_assessment (image_id, result, unknown_reason, max_cvss, critical, high, medium, low, none,
				kev_count, max_epss, warn_threshold, fail_threshold, image_changed_at, assessed_at)
			SELECT image_id, result, unknown_reason, max_cvss, critical, high, medium, low, none,
				kev_count, max_epss, warn_threshold, fail_threshold, image_changed_at, assessed_at
			FROM assess_result
			ON DUPLICATE KEY UPDATE result = VALUES(result), unknown_reason = VALUES(unknown_reason),
				max_cvss = VALUES(max_cvss), critical = VALUES(critical), high = VALUES(high), medium = VALUES(medium),
				low = VALUES(low), none = VALUES(none), kev_count = VALUES(kev_count), max_epss = VALUES(max_epss),
				warn_threshold = VALUES(warn_threshold), fail_threshold = VALUES(fail_threshold),
				image_changed_at = VALUES(image_changed_at), assessed_at = VALUES(assessed_at)""";

	private static final String SCRATCH_TABLES = "assess_image, assess_exception, assess_feed, assess_result";

	private final JdbcClient db;

	ImageAssessor(JdbcClient db) {
		this.db = db;
	}

	/**
	 * Marks the images to assess when the inputs did not change: those not assessed yet and those
	 * whose {@code changed_at} moved since. Drops what an interrupted run left on this connection.
	 * @return how many images were marked
	 */
	int markStaleImages() {
		this.db.sql("DROP TEMPORARY TABLE IF EXISTS " + SCRATCH_TABLES).update();
		this.db.sql("CREATE TEMPORARY TABLE assess_image (image_id BIGINT NOT NULL PRIMARY KEY)").update();
		return this.db.sql("""
				INSERT INTO assess_image (image_id)
				SELECT i.id FROM image i LEFT JOIN image_assessment a ON a.image_id = i.id
				WHERE a.image_id IS NULL OR a.image_changed_at <> i.changed_at""").update();
	}

	/** Deletes the results of images that no longer exist, and returns how many. */
	int removeResultsOfGoneImages() {
		return this.db.sql("""
				DELETE a FROM image_assessment a LEFT JOIN image i ON i.id = a.image_id
				WHERE i.id IS NULL""").update();
	}

	/**
	 * Assesses all images, or only those {@link #markStaleImages marked} (which must be called first),
	 * records the results that changed, and writes the new ones.
	 * @param rules the inputs that changed, comma-separated, for the recorded changes; {@code null}
	 * for none
	 * @param today the day (UTC) on which exceptions must not have expired
	 * @param now the time of this assessment, UTC
	 */
	Assessed assess(boolean allImages, AssessmentInputs inputs, String rules, LocalDate today, LocalDateTime now) {
		createLookupTables();
		this.db.sql("CREATE TEMPORARY TABLE assess_result LIKE image_assessment").update();
		String findings = allImages ? "" : "JOIN assess_image s ON s.image_id = f.image_id";
		String images = allImages ? "" : "JOIN assess_image s ON s.image_id = i.id";
		this.db.sql(EXCEPTIONS_BY_IMAGE).param("today", today).update();
		this.db.sql(FEEDS_BY_CVE.formatted(findings)).update();
		int assessed = this.db.sql(RESULTS.formatted(images, findings))
			.param("warn", inputs.warnThreshold())
			.param("fail", inputs.failThreshold())
			.param("now", now)
			.update();
		int changed = this.db.sql(RECORD_CHANGES).param("rules", rules).update();
		this.db.sql(WRITE_RESULTS).update();
		Map<Result, Integer> results = new EnumMap<>(Result.class);
		for (Result result : Result.values()) {
			results.put(result, 0);
		}
		this.db.sql("SELECT result, COUNT(*) FROM assess_result GROUP BY result")
			.query((RowCallbackHandler) rs -> results.put(Result.valueOf(rs.getString(1)), rs.getInt(2)));
		this.db.sql("DROP TEMPORARY TABLE " + SCRATCH_TABLES).update();
		return new Assessed(assessed, results, changed);
	}

	/** Drops the scratch tables of a run that found nothing to do. */
	void dropScratchTables() {
		this.db.sql("DROP TEMPORARY TABLE IF EXISTS " + SCRATCH_TABLES).update();
	}

	/**
	 * A MEMORY table's size limit is taken from the session when it is created, so the session
	 * limit is raised for these two only.
	 */
	private void createLookupTables() {
		this.db.sql("SET SESSION max_heap_table_size = " + SCRATCH_LIMIT_BYTES).update();
		try {
			this.db.sql("""
					CREATE TEMPORARY TABLE assess_exception (
						image_id BIGINT NOT NULL,
						vuln VARCHAR(96) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
						PRIMARY KEY (image_id, vuln)
					) ENGINE = MEMORY""").update();
			this.db.sql("""
					CREATE TEMPORARY TABLE assess_feed (
						cve VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
						kev BOOLEAN NOT NULL,
						epss DOUBLE NULL
					) ENGINE = MEMORY""").update();
		}
		finally {
			this.db.sql("SET SESSION max_heap_table_size = DEFAULT").update();
		}
	}

	/**
	 * What one assessment did.
	 * @param images how many images it assessed
	 * @param results how many of them got each result
	 * @param changes how many results changed, first results included
	 */
	record Assessed(int images, Map<Result, Integer> results, int changes) {
	}

}
