package dev.assay.assessment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Repository;

/**
 * The assessment in SQL: a handful of set-based statements over all images, or over those that
 * changed since the last run, on one connection and in one transaction, so results, their history
 * and the state they were computed from change together.
 * <p>
 * Not thread-safe per call; concurrent calls from several processes are serialised by a database
 * named lock.
 */
@Repository
class AssessmentStore {

	/** Findings that an active exception covers, by exception scope; see vuln_exception. */
	private static final String EXCEPTED = """
			INSERT IGNORE INTO assess_excepted (finding_id)
			SELECT f.id
			FROM vuln_exception x
				JOIN finding f ON f.%s = x.cve
				JOIN image i ON i.id = f.image_id
			WHERE (x.expires IS NULL OR x.expires >= :today)
				AND (x.scope = 'any'
					OR (x.registry = i.registry AND x.repository = i.repository
						AND (x.scope = 'repo' OR EXISTS (SELECT 1 FROM vuln_exception_tag xt
							JOIN image_tag it ON it.tag = xt.tag
							WHERE xt.exception_id = x.id AND it.image_id = i.id))))""";

	/**
	 * One row per image to assess. The inner query reduces findings to one row per vulnerability id
	 * (its highest score across packages), so the bands count each id once.
	 */
	private static final String RESULTS = """
			INSERT INTO assess_result (image_id, result, unknown_reason, max_cvss, critical, high, medium, low, none,
				kev_count, max_epss, reason)
			SELECT i.id,
				CASE WHEN i.scan_status <> 'SCANNED' THEN 'UNKNOWN'
					WHEN MAX(v.score) >= :fail THEN 'FAIL'
					WHEN MAX(v.score) >= :warn THEN 'WARN'
					ELSE 'PASS' END,
				CASE WHEN i.scan_status <> 'SCANNED' THEN COALESCE(i.unknown_reason, 'not scanned') END,
				MAX(v.score),
				COUNT(CASE WHEN v.score >= 9.0 THEN 1 END),
				COUNT(CASE WHEN v.score >= 7.0 AND v.score < 9.0 THEN 1 END),
				COUNT(CASE WHEN v.score >= 4.0 AND v.score < 7.0 THEN 1 END),
				COUNT(CASE WHEN v.score > 0.0 AND v.score < 4.0 THEN 1 END),
				COUNT(CASE WHEN v.vuln_id IS NOT NULL AND (v.score IS NULL OR v.score = 0.0) THEN 1 END),
				COUNT(CASE WHEN v.kev = 1 THEN 1 END),
				MAX(v.epss),
				CASE WHEN a.image_id IS NULL OR i.changed_at > :until THEN 'NEW_SCAN' ELSE :rules END
			FROM image i
				LEFT JOIN image_assessment a ON a.image_id = i.id
				LEFT JOIN (
					SELECT f.image_id, f.vuln_id, MAX(f.cvss3_score) AS score, MAX(k.cve IS NOT NULL) AS kev,
						MAX(e.epss) AS epss
					FROM finding f
						JOIN image fi ON fi.id = f.image_id
						LEFT JOIN image_assessment fa ON fa.image_id = f.image_id
						LEFT JOIN assess_excepted x ON x.finding_id = f.id
						LEFT JOIN epss_current e ON e.cve = f.cve
						LEFT JOIN kev_known_exploited k ON k.cve = f.cve
					WHERE x.finding_id IS NULL AND (:all OR fa.image_id IS NULL OR fi.changed_at > :until)
					GROUP BY f.image_id, f.vuln_id
				) v ON v.image_id = i.id
			WHERE :all OR a.image_id IS NULL OR i.changed_at > :until
			GROUP BY i.id""";

	private static final String CHANGES = """
			INSERT INTO result_change (image_id, old_result, new_result, changed_at, reason)
			SELECT r.image_id, a.result, r.result, NOW(3), r.reason
			FROM assess_result r LEFT JOIN image_assessment a ON a.image_id = r.image_id
			WHERE a.result IS NULL OR a.result <> r.result""";

	private static final String UPSERT = """
			INSERT INTO image_assessment (image_id, result, unknown_reason, max_cvss, critical, high, medium, low, none,
				kev_count, max_epss, warn_threshold, fail_threshold, assessed_at)
			SELECT image_id, result, unknown_reason, max_cvss, critical, high, medium, low, none, kev_count, max_epss,
				:warn, :fail, NOW(3)
			FROM assess_result
			ON DUPLICATE KEY UPDATE result = VALUES(result), unknown_reason = VALUES(unknown_reason),
				max_cvss = VALUES(max_cvss), critical = VALUES(critical), high = VALUES(high), medium = VALUES(medium),
				low = VALUES(low), none = VALUES(none), kev_count = VALUES(kev_count), max_epss = VALUES(max_epss),
				warn_threshold = VALUES(warn_threshold), fail_threshold = VALUES(fail_threshold),
				assessed_at = VALUES(assessed_at)""";

	private static final String LOCK = "CONCAT('assay:', DATABASE(), ':assessment')";

	private final DataSource dataSource;

	AssessmentStore(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Runs {@code work} holding the assessment lock, on one connection in one transaction that
	 * commits when it returns and rolls back when it throws.
	 */
	<T> T inTransaction(java.util.function.Function<NamedParameterJdbcTemplate, T> work) {
		try (Connection connection = this.dataSource.getConnection()) {
			NamedParameterJdbcTemplate db = new NamedParameterJdbcTemplate(
					new SingleConnectionDataSource(connection, true));
			Integer locked = db.getJdbcTemplate().queryForObject("SELECT GET_LOCK(" + LOCK + ", 600)", Integer.class);
			if (locked == null || locked != 1) {
				throw new IllegalStateException("Another assessment held the assessment lock for 10 minutes; try again");
			}
			try {
				connection.setAutoCommit(false);
				T result = work.apply(db);
				connection.commit();
				return result;
			}
			catch (RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(true);
				db.getJdbcTemplate().queryForObject("SELECT RELEASE_LOCK(" + LOCK + ")", Integer.class);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("The assessment failed: " + ex.getMessage(), ex);
		}
	}

	/** The state of the last assessment, {@code null} before the first. */
	RulesState lastState(NamedParameterJdbcTemplate db) {
		List<RulesState> found = db.getJdbcTemplate()
			.query("SELECT warn_threshold, fail_threshold, exceptions_hash, epss_snapshot, kev_catalog, assessed_until"
					+ " FROM assessment_state WHERE id = 1",
					(rs, n) -> new RulesState(rs.getBigDecimal(1), rs.getBigDecimal(2), rs.getString(3),
							(Long) rs.getObject(4, Long.class), (Long) rs.getObject(5, Long.class), rs.getTimestamp(6)));
		return found.isEmpty() ? null : found.get(0);
	}

	/** A hash of the exceptions in force on {@code today}: any change to what they cover changes it. */
	String exceptionsHash(NamedParameterJdbcTemplate db, LocalDate today) {
		MessageDigest digest = sha256();
		db.query("""
				SELECT x.id, x.cve, x.scope, x.registry, x.repository,
					(SELECT GROUP_CONCAT(t.tag ORDER BY t.tag SEPARATOR ',') FROM vuln_exception_tag t
						WHERE t.exception_id = x.id)
				FROM vuln_exception x
				WHERE x.expires IS NULL OR x.expires >= :today
				ORDER BY x.id""", Map.of("today", today), (rs) -> {
			for (int i = 1; i <= 6; i++) {
				digest.update(String.valueOf(rs.getString(i)).getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0);
			}
		});
		return HexFormat.of().formatHex(digest.digest());
	}

	/** The newest image change, {@code null} when there are no images. */
	Timestamp newestImageChange(NamedParameterJdbcTemplate db) {
		return db.getJdbcTemplate().queryForObject("SELECT MAX(changed_at) FROM image", Timestamp.class);
	}

	/** Whether some image changed after {@code until} or was never assessed. */
	boolean imagesChangedSince(NamedParameterJdbcTemplate db, Timestamp until) {
		return Boolean.TRUE.equals(db.queryForObject("""
				SELECT EXISTS (SELECT 1 FROM image i LEFT JOIN image_assessment a ON a.image_id = i.id
					WHERE a.image_id IS NULL OR i.changed_at > :until)""",
				Map.of("until", (until != null) ? until : new Timestamp(0)), Boolean.class));
	}

	/**
	 * Assesses all images ({@code all}) or those changed after {@code state.assessedUntil()} or
	 * never assessed, records result changes with {@code rulesReason} (images with new scans get
	 * {@code NEW_SCAN}), and saves {@code state}.
	 */
	Assessed assess(NamedParameterJdbcTemplate db, RulesState state, Timestamp previousUntil, boolean all,
			String rulesReason, LocalDate today) {
		var jdbc = db.getJdbcTemplate();
		jdbc.execute("DROP TEMPORARY TABLE IF EXISTS assess_excepted, assess_result");
		jdbc.execute("CREATE TEMPORARY TABLE assess_excepted (finding_id BIGINT NOT NULL PRIMARY KEY)");
		jdbc.execute("""
				CREATE TEMPORARY TABLE assess_result (image_id BIGINT NOT NULL PRIMARY KEY, result VARCHAR(8) NOT NULL,
					unknown_reason VARCHAR(1024), max_cvss DECIMAL(3, 1), critical INT NOT NULL, high INT NOT NULL,
					medium INT NOT NULL, low INT NOT NULL, none INT NOT NULL, kev_count INT NOT NULL, max_epss DOUBLE,
					reason VARCHAR(64) NOT NULL)""");
		MapSqlParameterSource parameters = new MapSqlParameterSource().addValue("today", today)
			.addValue("warn", state.warn())
			.addValue("fail", state.fail())
			.addValue("all", all)
			.addValue("until", (previousUntil != null) ? previousUntil : new Timestamp(0))
			.addValue("rules", rulesReason);
		// An exception names a CVE, or the id a scanner reported (GHSA-...): match either column.
		db.update(EXCEPTED.formatted("cve"), parameters);
		db.update(EXCEPTED.formatted("vuln_id"), parameters);
		db.update(RESULTS, parameters);
		int changes = db.update(CHANGES, parameters);
		db.update(UPSERT, parameters);
		jdbc.update("DELETE a FROM image_assessment a LEFT JOIN image i ON i.id = a.image_id WHERE i.id IS NULL");
		Map<String, Integer> results = new LinkedHashMap<>();
		jdbc.query("SELECT result, COUNT(*) FROM assess_result GROUP BY result ORDER BY result",
				(rs) -> { results.put(rs.getString(1), rs.getInt(2)); });
		jdbc.execute("DROP TEMPORARY TABLE assess_excepted, assess_result");
		saveState(db, state);
		return new Assessed(results, changes);
	}

	/** The results of the assessed images, by result, and how many of them changed. */
	record Assessed(Map<String, Integer> results, int changes) {
	}

	private static void saveState(NamedParameterJdbcTemplate db, RulesState state) {
		db.update("""
				REPLACE INTO assessment_state (id, warn_threshold, fail_threshold, exceptions_hash, epss_snapshot,
					kev_catalog, assessed_until, assessed_at)
				VALUES (1, :warn, :fail, :hash, :epss, :kev, :until, NOW(3))""",
				new MapSqlParameterSource().addValue("warn", state.warn())
					.addValue("fail", state.fail())
					.addValue("hash", state.exceptionsHash())
					.addValue("epss", state.epssSnapshot())
					.addValue("kev", state.kevCatalog())
					.addValue("until", (state.assessedUntil() != null) ? state.assessedUntil() : new Timestamp(0)));
	}

	/** Images by result, all four results present; an image not assessed yet counts as UNKNOWN. */
	Map<String, Long> resultCounts() {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (String result : List.of("PASS", "WARN", "FAIL", "UNKNOWN")) {
			counts.put(result, 0L);
		}
		new NamedParameterJdbcTemplate(this.dataSource).getJdbcTemplate()
			.query("SELECT COALESCE(a.result, 'UNKNOWN'), COUNT(*) FROM image i"
					+ " LEFT JOIN image_assessment a ON a.image_id = i.id GROUP BY 1",
					(rs) -> { counts.put(rs.getString(1), rs.getLong(2)); });
		return counts;
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
