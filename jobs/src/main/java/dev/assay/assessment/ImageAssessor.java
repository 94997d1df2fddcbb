package dev.assay.assessment;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Computes image results set-based, over all images or over the images marked stale, and records
 * each change of result. It does not read every finding: it starts from each image's
 * {@link FindingSummaries summary}, and looks up by CVE or id, through the indexes on
 * {@code finding}, only the findings that exceptions cover (to correct the summary), those that
 * name a KEV CVE, and those that name the best-scored EPSS CVEs ({@link MaxEpss}). A full pass
 * over 3,000,000 findings took three times as long as a hand-written statement reading the top
 * finding of each image.
 * <p>
 * Its scratch tables are temporary, so every method must run on one connection: inside the
 * assessment's transaction. Those looked up once per finding use the MEMORY engine.
 */
@Repository
class ImageAssessor {

	/** An upper bound for the MEMORY scratch tables (the server's default is 16 MB), not an allocation. */
	private static final long SCRATCH_LIMIT_BYTES = 1L << 30;

	/** The exceptions in force for each image of the scope; image 0 stands for every image: ids start at 1. */
	private static final String EXCEPTIONS_BY_IMAGE = """
			INSERT INTO assess_exception (image_id, vuln)
			SELECT 0, x.cve FROM vuln_exception x
			WHERE x.scope = 'any' AND (x.expires IS NULL OR x.expires >= :today)
			UNION
			SELECT i.id, x.cve FROM vuln_exception x
			JOIN image i ON i.registry = x.registry AND i.repository = x.repository %1$s
			WHERE x.scope = 'repo' AND (x.expires IS NULL OR x.expires >= :today)
			UNION
			SELECT i.id, x.cve FROM vuln_exception x
			JOIN image i ON i.registry = x.registry AND i.repository = x.repository %1$s
			JOIN vuln_exception_tag t ON t.exception_id = x.id
			JOIN image_tag it ON it.image_id = i.id AND it.tag = t.tag
			WHERE x.scope = 'image' AND (x.expires IS NULL OR x.expires >= :today)""";

	/**
	 * The findings an active exception covers, by CVE or by reported id, each found through the
	 * index of finding on that column and the image: one branch per column, and exceptions of every
	 * image apart from those of one image, so that each branch is a look-up.
	 */
	private static final String EXCEPTED = """
			INSERT IGNORE INTO assess_excepted (id, image_id, vuln_id)
			SELECT f.id, f.image_id, f.vuln_id FROM assess_exception x JOIN finding f ON f.cve = x.vuln %1$s
			WHERE x.image_id = 0
			UNION ALL
			SELECT f.id, f.image_id, f.vuln_id
			FROM assess_exception x JOIN finding f ON f.cve = x.vuln AND f.image_id = x.image_id %1$s
			WHERE x.image_id <> 0
			UNION ALL
			SELECT f.id, f.image_id, f.vuln_id FROM assess_exception x JOIN finding f ON f.vuln_id = x.vuln %1$s
			WHERE x.image_id = 0
			UNION ALL
			SELECT f.id, f.image_id, f.vuln_id
			FROM assess_exception x JOIN finding f ON f.vuln_id = x.vuln AND f.image_id = x.image_id %1$s
			WHERE x.image_id <> 0""";

	/** The band of a score as a number, 1 (critical) to 5 (none, also for no score). */
	private static final String BAND = """
			CASE WHEN %1$s >= 9.0 THEN 1 WHEN %1$s >= 7.0 THEN 2 WHEN %1$s >= 4.0 THEN 3 WHEN %1$s >= 0.1 THEN 4
				ELSE 5 END""";

	/**
	 * What the exceptions take from the summaries: for each vulnerability id of an image that an
	 * exception covers in some finding, its summary counted it in the band of its highest score
	 * ({@code was_max}); it counts instead in the band of its highest score among the findings left
	 * ({@code kept_max}), or nowhere when none is left. {@code lost_max} is the highest score an id lost:
	 * where it is the image's max CVSS, that max must be found again.
	 */
	private static final String CORRECTIONS = """
			INSERT INTO assess_correction (image_id, lost_max, critical, high, medium, low, none)
			SELECT image_id, MAX(IF(kept_max IS NULL OR kept_max < was_max, was_max, NULL)), %s
			FROM (
				SELECT image_id, was_max, kept_max, %s AS was_band, IF(kept, %s, 0) AS kept_band
				FROM (
					SELECT p.image_id, MAX(f.cvss3_score) AS was_max, MAX(IF(e.id IS NULL, f.cvss3_score, NULL)) AS kept_max,
						MAX(e.id IS NULL) AS kept
					FROM (SELECT DISTINCT image_id, vuln_id FROM assess_excepted) p
					JOIN finding f ON f.vuln_id = p.vuln_id AND f.image_id = p.image_id
					LEFT JOIN assess_excepted e ON e.id = f.id
					GROUP BY p.image_id, p.vuln_id) ids) bands
			GROUP BY image_id""".formatted(bandDeltas(), BAND.formatted("was_max"), BAND.formatted("kept_max"));

	/**
	 * The max CVSS of the images whose top score an exception took: the highest score left, read
	 * from the top of the image's index, as few entries as it takes.
	 */
	private static final String CORRECTED_MAX = """
			UPDATE assess_correction c JOIN image_finding_summary b ON b.image_id = c.image_id
			SET c.max_found_again = TRUE, c.max_cvss = (
				SELECT f.cvss3_score FROM finding f
				WHERE f.image_id = c.image_id AND f.cvss3_score IS NOT NULL
					AND NOT EXISTS (SELECT 1 FROM assess_excepted e WHERE e.id = f.id)
				ORDER BY f.cvss3_score DESC
				LIMIT 1)
			WHERE c.lost_max >= b.max_cvss""";

	/** The KEV catalog is small: its CVEs are looked up in the findings, not the other way round. */
	private static final String KEV = """
			INSERT INTO assess_kev (image_id, kev_count)
			SELECT f.image_id, COUNT(DISTINCT f.cve)
			FROM kev_known_exploited k JOIN finding f ON f.cve = k.cve %s
			WHERE NOT EXISTS (SELECT 1 FROM assess_excepted e WHERE e.id = f.id)
			GROUP BY f.image_id""";

	private static final String RESULTS = """
			INSERT INTO assess_result (image_id, result, unknown_reason, max_cvss, critical, high, medium, low, none,
				kev_count, max_epss, warn_threshold, fail_threshold, image_changed_at, assessed_at)
			SELECT id,
				CASE WHEN scan_status <> 'SCANNED' THEN 'UNKNOWN'
					WHEN max_cvss >= :fail THEN 'FAIL'
					WHEN max_cvss >= :warn THEN 'WARN'
					ELSE 'PASS' END,
				IF(scan_status <> 'SCANNED', unknown_reason, NULL),
				max_cvss, critical, high, medium, low, none, kev_count, max_epss, :warn, :fail, changed_at, :now
			FROM (
				SELECT i.id, i.scan_status, i.unknown_reason, i.changed_at,
					IF(c.max_found_again, c.max_cvss, b.max_cvss) AS max_cvss,
					COALESCE(b.critical, 0) + COALESCE(c.critical, 0) AS critical,
					COALESCE(b.high, 0) + COALESCE(c.high, 0) AS high,
					COALESCE(b.medium, 0) + COALESCE(c.medium, 0) AS medium,
					COALESCE(b.low, 0) + COALESCE(c.low, 0) AS low,
					COALESCE(b.none, 0) + COALESCE(c.none, 0) AS none,
					COALESCE(k.kev_count, 0) AS kev_count, m.max_epss
				FROM image i %s
				LEFT JOIN image_finding_summary b ON b.image_id = i.id
				LEFT JOIN assess_correction c ON c.image_id = i.id
				LEFT JOIN assess_kev k ON k.image_id = i.id
				LEFT JOIN assess_epss m ON m.image_id = i.id) v""";

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

	private static final String SCRATCH_TABLES = "assess_image, assess_exception, assess_excepted, assess_correction, "
			+ "assess_kev, assess_result, " + MaxEpss.SCRATCH_TABLES;

	private final JdbcClient db;

	private final FindingSummaries summaries;

	private final MaxEpss maxEpss;

	ImageAssessor(JdbcClient db, FindingSummaries summaries) {
		this.db = db;
		this.summaries = summaries;
		this.maxEpss = new MaxEpss(db);
	}

	/**
	 * Marks the images to assess when the inputs did not change: those not assessed yet and those
	 * whose {@code changed_at} moved since. Drops what an interrupted run left on this connection.
	 * @return how many images were marked
	 */
	int markStaleImages() {
		dropScratchTables();
		this.db.sql("CREATE TEMPORARY TABLE assess_image (image_id BIGINT NOT NULL PRIMARY KEY)").update();
		return this.db.sql("""
				INSERT INTO assess_image (image_id)
				SELECT i.id FROM image i LEFT JOIN image_assessment a ON a.image_id = i.id
				WHERE a.image_id IS NULL OR a.image_changed_at <> i.changed_at""").update();
	}

	/** Deletes the results of images that no longer exist, and returns how many. */
	int removeResultsOfGoneImages() {
		this.summaries.removeGoneImages();
		return this.db.sql("""
				DELETE a FROM image_assessment a LEFT JOIN image i ON i.id = a.image_id
				WHERE i.id IS NULL""").update();
	}

	/**
	 * Assesses all images, or only those {@link #markStaleImages marked} (which must be called first),
	 * records the results that changed, and writes the new ones.
	 * @param recount whether to count every image's findings again, instead of those that changed
	 * @param rules the inputs that changed, comma-separated, for the recorded changes; {@code null}
	 * for none
	 * @param today the day (UTC) on which exceptions must not have expired
	 * @param now the time of this assessment, UTC
	 */
	Assessed assess(boolean allImages, boolean recount, AssessmentInputs inputs, String rules, LocalDate today,
			LocalDateTime now) {
		this.summaries.refresh(recount);
		ImageScope scope = allImages ? ImageScope.ALL : ImageScope.MARKED;
		int everyImage = this.db.sql("SELECT COUNT(*) FROM image").query(Integer.class).single();
		int images = allImages ? everyImage
				: this.db.sql("SELECT COUNT(*) FROM assess_image").query(Integer.class).single();
		createLookupTables();
		this.db.sql("CREATE TEMPORARY TABLE assess_result LIKE image_assessment").update();
		this.db.sql(EXCEPTIONS_BY_IMAGE.formatted(scope.images())).param("today", today).update();
		this.db.sql(EXCEPTED.formatted(scope.findings())).update();
		this.db.sql(CORRECTIONS).update();
		this.db.sql(CORRECTED_MAX).update();
		this.db.sql(KEV.formatted(scope.findings())).update();
		this.maxEpss.compute(scope, images, everyImage);
		int assessed = this.db.sql(RESULTS.formatted(scope.images()))
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
		dropScratchTables();
		return new Assessed(assessed, results, changed);
	}

	/** Drops the scratch tables of this connection. */
	void dropScratchTables() {
		this.db.sql("DROP TEMPORARY TABLE IF EXISTS " + SCRATCH_TABLES).update();
	}

	/**
	 * A MEMORY table's size limit is taken from the session when it is created, so the session
	 * limit is raised for these only.
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
					CREATE TEMPORARY TABLE assess_excepted (
						id BIGINT NOT NULL PRIMARY KEY,
						image_id BIGINT NOT NULL,
						vuln_id VARCHAR(96) CHARACTER SET ascii COLLATE ascii_bin NOT NULL
					) ENGINE = MEMORY""").update();
			this.db.sql("""
					CREATE TEMPORARY TABLE assess_correction (
						image_id BIGINT NOT NULL PRIMARY KEY,
						lost_max DECIMAL(3, 1) NULL,
						max_found_again BOOLEAN NOT NULL DEFAULT FALSE,
						max_cvss DECIMAL(3, 1) NULL,
						critical INT NOT NULL, high INT NOT NULL, medium INT NOT NULL, low INT NOT NULL, none INT NOT NULL
					)""").update();
			this.db.sql("CREATE TEMPORARY TABLE assess_kev (image_id BIGINT NOT NULL PRIMARY KEY, kev_count INT NOT NULL)")
				.update();
			this.maxEpss.createTables();
		}
		finally {
			this.db.sql("SET SESSION max_heap_table_size = DEFAULT").update();
		}
	}

	/** Per band, how many ids a vulnerability now counts in it less how many it counted before. */
	private static String bandDeltas() {
		return IntStream.rangeClosed(1, 5)
			.mapToObj(band -> "SUM(kept_band = %1$d) - SUM(was_band = %1$d)".formatted(band))
			.collect(Collectors.joining(", "));
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
