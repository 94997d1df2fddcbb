package dev.assay.scans;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.assay.scans.ImageIdentity.DigestKind;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * The scans tables ({@code V5__scans.sql}): images with their tags, scans, current findings, and the
 * report files seen. A chunk of reports is written set-based: one JDBC batch per table for the whole
 * chunk (and one insert per scan, for its id), never a statement per finding.
 * <p>
 * A report becomes its image's current scan unless it is older than the current one: its findings
 * replace the image's ({@link CurrentFindings}), and its tags are added ({@link ImageTags}). An
 * older report is kept in {@code scan} as history only. Times are stored in UTC, to the millisecond.
 * <p>
 * Thread-safe. {@link #write} runs in its caller's transaction; one import at a time per database
 * (the job runner sees to it).
 */
@Repository
class ScanStore {

	private static final String UPSERT_IMAGE = """
			INSERT INTO image (registry, repository, digest, first_seen, scan_status, changed_at)
			VALUES (?, ?, ?, ?, 'NOT_SCANNED', ?)
			ON DUPLICATE KEY UPDATE id = id""";

	private static final String LOCK_IMAGES = """
			SELECT id, registry, repository, digest, digest_kind, last_scanned FROM image WHERE %s FOR UPDATE""";

	private static final String INSERT_SCAN = """
			INSERT INTO scan (image_id, format, scanner, scanner_version, database_built, scanned_at, imported_at,
				source, source_sha256, finding_count, not_affected)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

	private static final String RECORD_IMPORTED = """
			INSERT INTO scan_file (sha256, name, status, error, scan_id, imported_at)
			VALUES (?, ?, 'IMPORTED', NULL, ?, ?)
			ON DUPLICATE KEY UPDATE name = VALUES(name), status = 'IMPORTED', error = NULL, scan_id = VALUES(scan_id),
				imported_at = VALUES(imported_at)""";

	/** A file that fails again keeps the time it first failed, so that a run that changes nothing writes nothing. */
	private static final String RECORD_FAILED = """
			INSERT INTO scan_file (sha256, name, status, error, scan_id, imported_at)
			VALUES (?, ?, 'FAILED', ?, NULL, ?)
			ON DUPLICATE KEY UPDATE name = VALUES(name), error = VALUES(error)""";

	private static final String MAKE_CURRENT = """
			UPDATE image SET current_scan_id = ?, last_scanned = ?, os = COALESCE(?, os), digest_kind = ?,
				scan_status = 'SCANNED', unknown_reason = NULL, changed_at = ?
			WHERE id = ?""";

	private final JdbcTemplate jdbc;

	private final JdbcClient db;

	private final CurrentFindings findings;

	private final ImageTags tags;

	ScanStore(JdbcTemplate jdbc, JdbcClient db) {
		this.jdbc = jdbc;
		this.db = db;
		this.findings = new CurrentFindings(jdbc);
		this.tags = new ImageTags(jdbc);
	}

	/** Whether a file with these bytes was imported before. */
	boolean isImported(String sha256) {
		return this.db.sql("SELECT COUNT(*) FROM scan_file WHERE sha256 = ? AND status = 'IMPORTED'")
			.param(sha256)
			.query(Integer.class)
			.single() > 0;
	}

	/**
	 * Writes a chunk of reports, in order, and records the refused files. Must run inside a
	 * transaction, which then holds the whole chunk.
	 * @param reports reports read from files whose bytes were not imported before, each with a
	 * different hash
	 * @param refused files refused since the last call; those that could be hashed are recorded as
	 * {@code FAILED}, so that status shows them, and tried again by the next run
	 */
	Written write(List<? extends ImportedReport> reports, List<RefusedFile> refused) {
		Assert.state(TransactionSynchronizationManager.isActualTransactionActive(),
				"ScanStore.write must run inside a transaction, so that a failed chunk changes no image");
		LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
		recordRefused(refused, now);
		if (reports.isEmpty()) {
			return new Written(0, 0, 0);
		}
		Map<ImageKey, StoredImage> images = lockImages(reports, now);
		Map<Long, CurrentScan> current = new LinkedHashMap<>();
		List<Object[]> files = new ArrayList<>(reports.size());
		List<Long> scanIds = insertScans(reports, images, now);
		for (int i = 0; i < reports.size(); i++) {
			ImportedReport imported = reports.get(i);
			StoredImage image = images.get(imported.image());
			LocalDateTime scannedAt = scannedAt(imported, now);
			long scanId = scanIds.get(i);
			files.add(new Object[] { imported.sha256(), imported.file().toString(), scanId, now });
			// Ties replace: of two reports taken at the same time, the one imported last counts.
			if (image.lastScanned() == null || !scannedAt.isBefore(image.lastScanned())) {
				StoredImage scanned = new StoredImage(image.id(), scannedAt,
						strongest(image.digestKind(), imported.report().image().digestKind()));
				images.put(imported.image(), scanned);
				current.put(image.id(), new CurrentScan(image.id(), imported.image(), scanId, scannedAt,
						scanned.digestKind(), imported.report()));
			}
		}
		this.jdbc.batchUpdate(RECORD_IMPORTED, files);
		makeCurrent(current.values(), now);
		int written = this.findings.replace(current.values());
		this.tags.add(current.values(), now);
		return new Written(written, current.size(), reports.size() - current.size());
	}

	private void recordRefused(List<RefusedFile> refused, LocalDateTime now) {
		List<Object[]> rows = refused.stream()
			.filter(file -> file.sha256() != null)
			.map(file -> new Object[] { file.sha256(), cut(file.file().toString(), 1024), cut(file.reason(), 2048),
					now })
			.toList();
		if (!rows.isEmpty()) {
			this.jdbc.batchUpdate(RECORD_FAILED, rows);
		}
	}

	/**
	 * Creates the images not yet known and locks the rows of all of them for this transaction: the
	 * scan they hold is read, then replaced, by this transaction alone.
	 */
	private Map<ImageKey, StoredImage> lockImages(List<? extends ImportedReport> reports, LocalDateTime now) {
		List<ImageKey> keys = reports.stream().map(ImportedReport::image).distinct().toList();
		this.jdbc.batchUpdate(UPSERT_IMAGE, keys, keys.size(), (statement, key) -> {
			statement.setString(1, key.registry());
			statement.setString(2, key.repository());
			statement.setString(3, key.digest());
			statement.setObject(4, now);
			statement.setObject(5, now);
		});
		List<Object> args = new ArrayList<>(keys.size() * 3);
		keys.forEach(key -> args.addAll(List.of(key.registry(), key.repository(), key.digest())));
		String where = String.join(" OR ",
				Collections.nCopies(keys.size(), "(registry = ? AND repository = ? AND digest = ?)"));
		Map<ImageKey, StoredImage> images = new HashMap<>();
		this.jdbc.query(LOCK_IMAGES.formatted(where), row -> {
			images.put(new ImageKey(row.getString(2), row.getString(3), row.getString(4)),
					new StoredImage(row.getLong(1), row.getObject(6, LocalDateTime.class), row.getString(5)));
		}, args.toArray());
		Assert.state(images.keySet().containsAll(keys), () -> "Image rows missing after their upsert: " + keys);
		return images;
	}

	/**
	 * One batch for the chunk's scans, in report order; the driver gives back the id of each row,
	 * which one round trip per report used to fetch.
	 */
	private List<Long> insertScans(List<? extends ImportedReport> reports, Map<ImageKey, StoredImage> images,
			LocalDateTime now) {
		return this.jdbc.execute((ConnectionCallback<List<Long>>) connection -> {
			try (PreparedStatement statement = connection.prepareStatement(INSERT_SCAN,
					Statement.RETURN_GENERATED_KEYS)) {
				for (ImportedReport imported : reports) {
					ScanReport report = imported.report();
					statement.setLong(1, images.get(imported.image()).id());
					statement.setString(2, report.format().name());
					statement.setString(3, report.scanner());
					statement.setString(4, report.scannerVersion());
					statement.setObject(5, (report.databaseBuilt() != null) ? utc(report.databaseBuilt()) : null);
					statement.setObject(6, scannedAt(imported, now));
					statement.setObject(7, now);
					statement.setString(8, imported.file().toString());
					statement.setString(9, imported.sha256());
					statement.setInt(10, report.findings().size());
					statement.setInt(11, report.notAffected());
					statement.addBatch();
				}
				statement.executeBatch();
				List<Long> ids = new ArrayList<>(reports.size());
				try (ResultSet keys = statement.getGeneratedKeys()) {
					while (keys.next()) {
						ids.add(keys.getLong(1));
					}
				}
				Assert.state(ids.size() == reports.size(),
						() -> "The database gave " + ids.size() + " scan ids for " + reports.size() + " scans");
				return ids;
			}
		});
	}

	/** The report's own time, else the import's. */
	private static LocalDateTime scannedAt(ImportedReport imported, LocalDateTime now) {
		Instant reported = imported.report().scannedAt();
		return (reported != null) ? utc(reported) : now;
	}

	private void makeCurrent(Collection<CurrentScan> current, LocalDateTime now) {
		this.jdbc.batchUpdate(MAKE_CURRENT, current, current.size(), (statement, scan) -> {
			statement.setLong(1, scan.scanId());
			statement.setObject(2, scan.scannedAt());
			statement.setString(3, scan.report().image().os());
			statement.setString(4, scan.digestKind());
			statement.setObject(5, now);
			statement.setLong(6, scan.imageId());
		});
	}

	/** What {@code assay status} shows of the scans. */
	ScanCounts counts() {
		return this.db.sql("""
				SELECT (SELECT COUNT(*) FROM image), (SELECT COUNT(*) FROM image WHERE scan_status = 'SCANNED'),
					(SELECT COUNT(*) FROM finding), (SELECT COUNT(*) FROM scan_file WHERE status = 'IMPORTED'),
					(SELECT COUNT(*) FROM scan_file WHERE status = 'FAILED'), (SELECT MAX(imported_at) FROM scan)""")
			.query((rs, row) -> {
				LocalDateTime last = rs.getObject(6, LocalDateTime.class);
				return new ScanCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
						(last != null) ? last.toInstant(ZoneOffset.UTC) : null);
			})
			.single();
	}

	/** The more telling of two digest kinds: a digest seen as a repository digest stays one. */
	private static String strongest(String stored, DigestKind reported) {
		if (reported == null) {
			return stored;
		}
		return (stored != null && DigestKind.valueOf(stored).compareTo(reported) <= 0) ? stored : reported.name();
	}

	private static LocalDateTime utc(Instant instant) {
		return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
	}

	private static String cut(String text, int length) {
		return (text.length() <= length) ? text : text.substring(0, length);
	}

	/** What a {@link #write} did: findings written, reports now current, reports older than their image's current scan. */
	record Written(int findings, int current, int older) {
	}

	/** An image row as a chunk sees it; {@code lastScanned} is {@code null} before its first scan. */
	private record StoredImage(long id, LocalDateTime lastScanned, String digestKind) {
	}


}
