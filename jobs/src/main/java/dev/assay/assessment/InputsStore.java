package dev.assay.assessment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

import dev.assay.feeds.epss.EpssFeed;
import dev.assay.feeds.kev.KevFeed;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * Reads the {@link AssessmentInputs inputs} in force now, and keeps those of the last assessment in
 * the one row of {@code assessment_state}. {@link #lockLast} and {@link #save} must run in the
 * assessment's transaction: the lock holds the row until that transaction ends, so two assessments
 * of one database never interleave.
 */
@Repository
class InputsStore {

	/**
	 * The fields that decide which findings an exception covers (its justification and owner do
	 * not), in an order that depends on content only: exceptions deleted and imported again unchanged
	 * hash the same.
	 */
	private static final String EXCEPTIONS_IN_FORCE = """
			SELECT x.cve, x.scope, x.registry, x.repository, x.expires,
				GROUP_CONCAT(t.tag ORDER BY t.tag SEPARATOR ',') AS tags
			FROM vuln_exception x LEFT JOIN vuln_exception_tag t ON t.exception_id = x.id
			WHERE x.expires IS NULL OR x.expires >= ?
			GROUP BY x.id, x.cve, x.scope, x.registry, x.repository, x.expires
			ORDER BY x.cve, x.scope, x.registry, x.repository, x.expires, tags""";

	private final JdbcClient db;

	private final EpssFeed epss;

	private final KevFeed kev;

	InputsStore(JdbcClient db, EpssFeed epss, KevFeed kev) {
		this.db = db;
		this.epss = epss;
		this.kev = kev;
	}

	/** The inputs an assessment made now would use. */
	AssessmentInputs current(AssessmentProperties thresholds, LocalDate today) {
		// The EPSS table first: reading it holds it until the transaction ends, so a load cannot swap
		// in a new table that this transaction's snapshot, taken at its first read, could not see.
		Long epssSnapshot = this.epss.snapshotId();
		Long kevCatalog = this.kev.catalogId();
		return new AssessmentInputs(thresholds.warnThreshold(), thresholds.failThreshold(), exceptionsHash(today),
				epssSnapshot, kevCatalog);
	}

	/**
	 * Locks the state row for the rest of the transaction and returns what the last assessment used,
	 * empty before the first one.
	 */
	Optional<LastAssessment> lockLast() {
		Assert.state(TransactionSynchronizationManager.isActualTransactionActive(),
				"An assessment must run in a transaction, which holds the lock on assessment_state");
		return this.db.sql("""
				SELECT warn_threshold, fail_threshold, exceptions_hash, epss_snapshot, kev_catalog, assessed_at
				FROM assessment_state WHERE id = 1 FOR UPDATE""")
			.query((rs, row) -> {
				LocalDateTime at = rs.getObject("assessed_at", LocalDateTime.class);
				return (at != null) ? Optional.of(new LastAssessment(inputs(rs), at))
						: Optional.<LastAssessment>empty();
			})
			.optional()
			.orElseThrow(() -> new IllegalStateException("The row of assessment_state is missing, so assessments"
					+ " cannot take turns; put it back with: INSERT INTO assessment_state (id) VALUES (1)"));
	}

	/** Records the inputs of an assessment that is about to commit. */
	void save(AssessmentInputs inputs, LocalDateTime assessedAt) {
		this.db.sql("""
				UPDATE assessment_state SET warn_threshold = ?, fail_threshold = ?, exceptions_hash = ?,
					epss_snapshot = ?, kev_catalog = ?, assessed_at = ?
				WHERE id = 1""")
			.params(inputs.warnThreshold(), inputs.failThreshold(), inputs.exceptionsHash(), inputs.epssSnapshot(),
					inputs.kevCatalog(), assessedAt)
			.update();
	}

	/** Hex SHA-256 over the exceptions in force on {@code today}, one JSON array of fields each. */
	private String exceptionsHash(LocalDate today) {
		MessageDigest digest = sha256();
		this.db.sql(EXCEPTIONS_IN_FORCE).param(Date.valueOf(today)).query((RowCallbackHandler) rs -> {
			Date expires = rs.getDate("expires");
			String fields = JsonMapper.shared()
				.writeValueAsString(Arrays.asList(rs.getString("cve"), rs.getString("scope"), rs.getString("registry"),
						rs.getString("repository"), (expires != null) ? expires.toString() : null,
						rs.getString("tags")));
			digest.update(fields.getBytes(StandardCharsets.UTF_8));
			digest.update((byte) '\n');
		});
		return HexFormat.of().formatHex(digest.digest());
	}

	private static AssessmentInputs inputs(ResultSet rs) throws SQLException {
		return new AssessmentInputs(rs.getBigDecimal("warn_threshold"), rs.getBigDecimal("fail_threshold"),
				rs.getString("exceptions_hash"), rs.getObject("epss_snapshot", Long.class),
				rs.getObject("kev_catalog", Long.class));
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	/** The inputs of the last assessment and when it ran. */
	record LastAssessment(AssessmentInputs inputs, LocalDateTime at) {
	}

}
