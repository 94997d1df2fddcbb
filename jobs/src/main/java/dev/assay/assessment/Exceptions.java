package dev.assay.assessment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The stored vulnerability exceptions ({@code vuln_exception}, {@code vuln_exception_tag}): the way
 * other packages and the command line read and change them. Each change runs in a transaction of
 * its own, so it happens whole or not at all. Thread-safe.
 * <p>
 * An exception is active up to and including its {@code expires} day in UTC, and expired from the
 * next day on, without anyone touching it; the assessment reads the same rule in SQL.
 */
@Component
public class Exceptions {

	/** Tags cannot hold commas (tag grammar), so one column can carry them all. */
	private static final String SELECT = """
			SELECT x.id, x.cve, x.scope, x.registry, x.repository, x.justification, x.expires, x.owner,
				(SELECT GROUP_CONCAT(t.tag ORDER BY t.tag SEPARATOR ',') FROM vuln_exception_tag t
					WHERE t.exception_id = x.id) AS tags
			FROM vuln_exception x
			""";

	private static final String ORDER = " ORDER BY x.cve, x.scope, x.registry, x.repository, x.id";

	private final JdbcClient db;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	Exceptions(JdbcClient db, JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
		this.db = db;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * Imports a checked file in one transaction. An exception already stored with the same CVE,
	 * scope, registry, repository and tags is updated in place (same id), never duplicated: it takes
	 * the file's justification, and its expiry and owner where the file has those columns. Stored
	 * exceptions that the file does not list are left as they are; {@link #delete} removes one.
	 */
	public ExceptionsImport importFile(ExceptionsFile file) {
		return this.transactions.execute(status -> {
			// Reading every row FOR UPDATE also locks the gaps between them, so a concurrent import
			// waits here instead of adding the same exception twice.
			Map<List<Object>, VulnException> stored = new HashMap<>();
			for (VulnException exception : this.db.sql(SELECT + " FOR UPDATE").query(Exceptions::exception).list()) {
				stored.put(exception.target(), exception);
			}
			LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
			List<Object[]> tags = new ArrayList<>();
			int added = 0;
			int updated = 0;
			for (VulnException exception : file.exceptions()) {
				VulnException existing = stored.get(exception.target());
				if (existing == null) {
					long id = insert(exception, now);
					exception.tags().forEach(tag -> tags.add(new Object[] { id, tag }));
					added++;
					continue;
				}
				VulnException wanted = new VulnException(existing.id(), existing.cve(), existing.scope(),
						existing.registry(), existing.repository(), existing.tags(), exception.justification(),
						file.statesExpires() ? exception.expires() : existing.expires(),
						file.statesOwner() ? exception.owner() : existing.owner());
				if (!wanted.sameTerms(existing)) {
					this.db.sql("UPDATE vuln_exception SET justification = ?, expires = ?, owner = ? WHERE id = ?")
						.params(wanted.justification(), wanted.expires(), wanted.owner(), wanted.id())
						.update();
					updated++;
				}
			}
			this.jdbc.batchUpdate("INSERT INTO vuln_exception_tag (exception_id, tag) VALUES (?, ?)", tags);
			return new ExceptionsImport(added, updated, file.exceptions().size() - added - updated);
		});
	}

	private long insert(VulnException exception, LocalDateTime now) {
		KeyHolder key = new GeneratedKeyHolder();
		this.db.sql("""
				INSERT INTO vuln_exception (cve, scope, registry, repository, justification, expires, owner, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(exception.cve(), exception.scope().value(), exception.registry(), exception.repository(),
					exception.justification(), exception.expires(), exception.owner(), now)
			.update(key, "id");
		return key.getKey().longValue();
	}

	/** The exceptions that apply today (UTC): no expiry, or expiring today or later. */
	public List<VulnException> active() {
		return this.db.sql(SELECT + "WHERE x.expires IS NULL OR x.expires >= ?" + ORDER)
			.param(today())
			.query(Exceptions::exception)
			.list();
	}

	/** The exceptions whose last day (UTC) has passed. */
	public List<VulnException> expired() {
		return this.db.sql(SELECT + "WHERE x.expires < ?" + ORDER).param(today()).query(Exceptions::exception).list();
	}

	/** Every stored exception, active or expired, in the order of {@link #active()}. */
	public List<VulnException> all() {
		return this.db.sql(SELECT + ORDER).query(Exceptions::exception).list();
	}

	/** Deletes one exception with its tags; returns what it was, or nothing when no exception has that id. */
	public Optional<VulnException> delete(long id) {
		return this.transactions.execute(status -> {
			Optional<VulnException> exception = this.db.sql(SELECT + "WHERE x.id = ? FOR UPDATE")
				.param(id)
				.query(Exceptions::exception)
				.optional();
			// The tags go with it: ON DELETE CASCADE.
			exception.ifPresent(deleted -> this.db.sql("DELETE FROM vuln_exception WHERE id = ?").param(id).update());
			return exception;
		});
	}

	private static LocalDate today() {
		return LocalDate.now(ZoneOffset.UTC);
	}

	private static VulnException exception(ResultSet rs, int row) throws SQLException {
		String tags = rs.getString("tags");
		return new VulnException(rs.getLong("id"), rs.getString("cve"), ExceptionScope.of(rs.getString("scope")),
				rs.getString("registry"), rs.getString("repository"),
				(tags != null) ? Arrays.asList(tags.split(",")) : List.of(), rs.getString("justification"),
				rs.getObject("expires", LocalDate.class), rs.getString("owner"));
	}

}
