package dev.assay.schedule;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads {@link JobStats} of every job from the Spring Batch job repository tables in one query, so
 * replicas and one-shot runs all report what the database says, not what one process saw.
 * <p>
 * Spring Batch stores local times of the JVM that ran the job; they are read back in this JVM's
 * zone, so every process of one installation must share a zone (containers run in UTC).
 */
@Component
class JobHistory {

	private static final String STATS = """
			SELECT j.JOB_NAME, j.FAILURES, e.START_TIME, e.END_TIME,
			       COALESCE(SUM(s.READ_COUNT), 0), COALESCE(SUM(s.WRITE_COUNT), 0),
			       COALESCE(SUM(s.READ_SKIP_COUNT + s.WRITE_SKIP_COUNT + s.PROCESS_SKIP_COUNT + s.FILTER_COUNT), 0)
			FROM (SELECT i.JOB_NAME, SUM(x.STATUS = 'FAILED') AS FAILURES,
			             MAX(CASE WHEN x.STATUS = 'COMPLETED' THEN x.JOB_EXECUTION_ID END) AS LAST_SUCCESS
			      FROM BATCH_JOB_EXECUTION x JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = x.JOB_INSTANCE_ID
			      GROUP BY i.JOB_NAME) j
			LEFT JOIN BATCH_JOB_EXECUTION e ON e.JOB_EXECUTION_ID = j.LAST_SUCCESS
			LEFT JOIN BATCH_STEP_EXECUTION s ON s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
			GROUP BY j.JOB_NAME, j.FAILURES, e.START_TIME, e.END_TIME
			""";

	private final JdbcClient db;

	JobHistory(JdbcClient db) {
		this.db = db;
	}

	/** The stats of every job that ever ran, by job name. */
	Map<String, JobStats> stats() {
		Map<String, JobStats> stats = new HashMap<>();
		this.db.sql(STATS).query((RowCallbackHandler) rs -> stats.put(rs.getString(1), row(rs)));
		return stats;
	}

	private static JobStats row(ResultSet rs) throws SQLException {
		Instant start = instant(rs.getTimestamp(3));
		Instant end = instant(rs.getTimestamp(4));
		Duration duration = (start != null && end != null) ? Duration.between(start, end) : null;
		return new JobStats(end, duration, rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(2));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toLocalDateTime().atZone(ZoneId.systemDefault()).toInstant() : null;
	}

}
