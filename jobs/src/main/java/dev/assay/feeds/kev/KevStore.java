package dev.assay.feeds.kev;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

import dev.assay.batch.ProgressLog;
import dev.assay.feeds.FeedDownload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * The KEV tables: {@code kev_catalog} records each loaded catalog, {@code kev_entry} holds every
 * entry ever seen, those the current catalog dropped marked removed. Times are stored in UTC.
 * Thread-safe; see {@link #load} for its transaction.
 */
@Component
class KevStore {

	private static final Logger log = LoggerFactory.getLogger(KevStore.class);

	/** An entry's columns, in the order {@link #stage} binds them. */
	private static final List<String> COLUMNS = List.of("cve", "vendor_project", "product", "vulnerability_name",
			"date_added", "short_description", "required_action", "due_date", "known_ransomware_campaign_use", "notes",
			"cwes", "content_sha256");

	private static final String STAGE = "INSERT INTO kev_entry_load (" + String.join(", ", COLUMNS) + ") VALUES ("
			+ "?, ".repeat(COLUMNS.size() - 1) + "?)";

	/** Added: new, or back after a removal. Modified: still listed, with other fields. */
	private static final String COUNT_ADDED_AND_MODIFIED = """
			SELECT COALESCE(SUM(e.cve IS NULL OR e.removed_catalog_id IS NOT NULL), 0),
				COALESCE(SUM(e.cve IS NOT NULL AND e.removed_catalog_id IS NULL
					AND e.content_sha256 <> l.content_sha256), 0)
			FROM kev_entry_load l LEFT JOIN kev_entry e ON e.cve = l.cve""";

	private static final String MARK_REMOVED = """
			UPDATE kev_entry e LEFT JOIN kev_entry_load l ON l.cve = e.cve
			SET e.removed_catalog_id = ?
			WHERE e.removed_catalog_id IS NULL AND l.cve IS NULL""";

	/** Touches only the rows that changed or come back. */
	private static final String UPDATE_CHANGED = "UPDATE kev_entry e JOIN kev_entry_load l ON l.cve = e.cve SET "
			+ COLUMNS.stream().skip(1).map(column -> "e." + column + " = l." + column).collect(Collectors.joining(", "))
			+ ", e.removed_catalog_id = NULL"
			+ " WHERE e.removed_catalog_id IS NOT NULL OR e.content_sha256 <> l.content_sha256";

	private static final String INSERT_NEW = "INSERT INTO kev_entry (" + String.join(", ", COLUMNS) + ") SELECT "
			+ COLUMNS.stream().map(column -> "l." + column).collect(Collectors.joining(", "))
			+ " FROM kev_entry_load l WHERE NOT EXISTS (SELECT 1 FROM kev_entry e WHERE e.cve = l.cve)";

	private static final int BATCH_SIZE = 500;

	private final JdbcClient db;

	private final JdbcTemplate jdbc;

	KevStore(JdbcClient db, JdbcTemplate jdbc) {
		this.db = db;
		this.jdbc = jdbc;
	}

	/** The newest loaded catalog, {@code null} if none was ever loaded. */
	LoadedCatalog lastCatalog() {
		return this.db.sql("""
				SELECT catalog_version, date_released, entries, sha256, url, etag, last_modified, fetched_at
				FROM kev_catalog ORDER BY id DESC LIMIT 1""")
			.query((rs, row) -> new LoadedCatalog(rs.getString(1), instant(rs, 2), rs.getInt(3), rs.getString(4),
					rs.getString(5), rs.getString(6), rs.getString(7), instant(rs, 8)))
			.optional()
			.orElse(null);
	}

	/** The id of the newest loaded catalog, {@code null} if none was ever loaded. */
	Long lastCatalogId() {
		return this.db.sql("SELECT id FROM kev_catalog ORDER BY id DESC LIMIT 1")
			.query(Long.class)
			.optional()
			.orElse(null);
	}

	/** How many entries are marked removed: they left the catalog and have not come back. */
	int removedEntries() {
		return this.db.sql("SELECT COUNT(*) FROM kev_entry WHERE removed_catalog_id IS NOT NULL")
			.query(Integer.class)
			.single();
	}

	/**
	 * Makes {@code catalog} the current one: records it, adds and updates its entries, and marks
	 * the entries it no longer lists removed. The entries go by JDBC batch into a temporary table
	 * first, then set-based statements apply the difference.
	 * <p>
	 * Must be called inside a transaction, which then holds the whole change: if it rolls back,
	 * the previous catalog stays whole. Not for concurrent use on one database; the job runner
	 * runs one {@code kev-ingest} at a time.
	 * @param catalog a catalog that passed {@link KevCatalogRules}
	 * @param download where and when the catalog was fetched
	 */
	KevChanges load(KevCatalog catalog, FeedDownload download) {
		Assert.state(TransactionSynchronizationManager.isActualTransactionActive(),
				"KevStore.load must run inside a transaction, so that a failed load changes nothing");
		stage(catalog.vulnerabilities());
		int[] addedAndModified = this.db.sql(COUNT_ADDED_AND_MODIFIED)
			.query((rs, row) -> new int[] { rs.getInt(1), rs.getInt(2) })
			.single();
		long catalogId = record(catalog, download);
		int removed = this.db.sql(MARK_REMOVED).param(catalogId).update();
		this.db.sql(UPDATE_CHANGED).update();
		this.db.sql(INSERT_NEW).update();
		this.db.sql("DROP TEMPORARY TABLE kev_entry_load").update();
		KevChanges changes = new KevChanges(addedAndModified[0], removed, addedAndModified[1]);
		this.db.sql("UPDATE kev_catalog SET added = ?, removed = ?, modified = ? WHERE id = ?")
			.params(changes.added(), changes.removed(), changes.modified(), catalogId)
			.update();
		return changes;
	}

	private void stage(List<KevEntry> entries) {
		// A temporary table belongs to this connection, and creating one does not end the transaction.
		this.db.sql("DROP TEMPORARY TABLE IF EXISTS kev_entry_load").update();
		this.db.sql("CREATE TEMPORARY TABLE kev_entry_load LIKE kev_entry").update();
		ProgressLog progress = new ProgressLog(log, "kev-ingest staging entries");
		for (int from = 0; from < entries.size(); from += BATCH_SIZE) {
			List<KevEntry> batch = entries.subList(from, Math.min(from + BATCH_SIZE, entries.size()));
			this.jdbc.batchUpdate(STAGE, batch, batch.size(), KevStore::bind);
			progress.advance(batch.size());
		}
	}

	private static void bind(PreparedStatement statement, KevEntry entry) throws SQLException {
		statement.setString(1, entry.cveID());
		statement.setString(2, entry.vendorProject());
		statement.setString(3, entry.product());
		statement.setString(4, entry.vulnerabilityName());
		statement.setObject(5, LocalDate.parse(entry.dateAdded()));
		statement.setString(6, entry.shortDescription());
		statement.setString(7, entry.requiredAction());
		statement.setObject(8, LocalDate.parse(entry.dueDate()));
		statement.setString(9, entry.knownRansomwareCampaignUse());
		statement.setString(10, entry.notes());
		statement.setString(11, (entry.cwes() != null) ? String.join(",", entry.cwes()) : null);
		statement.setString(12, contentHash(entry));
	}

	/** Records the catalog with its changes still at zero; {@link #load} sets them once known. */
	private long record(KevCatalog catalog, FeedDownload download) {
		KeyHolder key = new GeneratedKeyHolder();
		this.db.sql("""
				INSERT INTO kev_catalog (catalog_version, date_released, entries, added, removed, modified, sha256, url,
					etag, last_modified, fetched_at)
				VALUES (?, ?, ?, 0, 0, 0, ?, ?, ?, ?, ?)""")
			.params(catalog.catalogVersion(), utc(catalog.releasedAt()), catalog.vulnerabilities().size(),
					download.sha256(), download.url(), download.etag(), download.lastModified(),
					utc(download.fetchedAt()))
			.update(key);
		return key.getKey().longValue();
	}

	/**
	 * A hash of the entry's fields. The record as JSON tells null, empty and list values apart,
	 * and is the same whether the entry came from the JSON catalog or the CSV variant.
	 */
	private static String contentHash(KevEntry entry) {
		try {
			byte[] fields = JsonMapper.shared().writeValueAsBytes(entry);
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(fields));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	private static LocalDateTime utc(Instant instant) {
		return (instant != null) ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
	}

	private static Instant instant(ResultSet rs, int column) throws SQLException {
		LocalDateTime time = rs.getObject(column, LocalDateTime.class);
		return (time != null) ? time.toInstant(ZoneOffset.UTC) : null;
	}

}
