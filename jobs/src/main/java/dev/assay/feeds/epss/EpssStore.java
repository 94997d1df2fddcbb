package dev.assay.feeds.epss;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import javax.sql.DataSource;

import dev.assay.feeds.FeedDownload;
import dev.assay.feeds.FeedVersion;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The EPSS tables. A load merges the new rows with the stored ones in one ordered pass (keeping
 * each CVE's previous score where it moved, see {@link EpssMerge}), bulk-loads the result into a
 * fresh table and swaps it in with one atomic {@code RENAME TABLE}: readers see the old snapshot
 * or the new one, and a load that dies half-way leaves only a scratch table that the next load
 * drops.
 * <p>
 * Not thread-safe across loads; {@code JobRunner} lets one load run at a time per database.
 */
@Repository
class EpssStore {

	private static final String CURRENT_SNAPSHOT = """
			SELECT s.model_version, s.score_date, s.row_count, s.fetched_at, s.url, s.sha256, s.etag, s.last_modified
			FROM epss_snapshot s
			WHERE s.id = (SELECT snapshot_id FROM epss_score LIMIT 1)""";

	private static final Duration SWAP_LOCK_WAIT = Duration.ofMinutes(2);

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final EpssParallelFill fill;

	private final int parallelLoads;

	EpssStore(DataSource dataSource, EpssProperties properties) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
		this.fill = new EpssParallelFill(dataSource);
		this.parallelLoads = properties.parallelLoads();
	}

	/** The current snapshot, empty before the first load. */
	Optional<EpssSnapshot> current() {
		List<EpssSnapshot> found = this.jdbc.query(CURRENT_SNAPSHOT,
				(rs, n) -> new EpssSnapshot(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getLong(3),
						rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6)));
		return found.stream().findFirst();
	}

	/** The id of the current snapshot, {@code null} before the first load. */
	Long currentSnapshotId() {
		return this.jdbc.query("SELECT snapshot_id FROM epss_score LIMIT 1", (rs, n) -> rs.getLong(1))
			.stream()
			.findFirst()
			.orElse(null);
	}

	/** What identifies the current snapshot's download, for a conditional fetch. */
	FeedVersion currentVersion() {
		List<FeedVersion> found = this.jdbc.query(CURRENT_SNAPSHOT,
				(rs, n) -> new FeedVersion(rs.getString(7), rs.getString(8), rs.getString(6)));
		return found.stream().findFirst().orElse(FeedVersion.NONE);
	}

	/**
	 * Removes what an interrupted load left: the scratch tables, and snapshot records of loads that
	 * never finished. A load killed between the swap and its last update is finished here.
	 */
	void cleanUpInterruptedLoads() {
		this.jdbc.execute("DROP TABLE IF EXISTS epss_score_next, epss_score_old");
		this.jdbc.update("UPDATE epss_snapshot SET loaded_at = NOW(3)"
				+ " WHERE loaded_at IS NULL AND id = (SELECT snapshot_id FROM epss_score LIMIT 1)");
		this.jdbc.update("DELETE FROM epss_snapshot WHERE loaded_at IS NULL");
	}

	/** Records a snapshot that is about to load and returns its id. */
	long startSnapshot(EpssFile file, FeedDownload download) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement insert = connection.prepareStatement("""
						INSERT INTO epss_snapshot (model_version, score_date, scored_at, row_count, bad_rows, sha256, url,
						                           etag, last_modified, fetched_at)
						VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
			insert.setString(1, file.modelVersion());
			insert.setObject(2, scoreDate(file));
			insert.setTimestamp(3, Timestamp.valueOf(file.scoredAt().withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()));
			insert.setInt(4, file.rows().size());
			insert.setInt(5, file.badRows());
			insert.setString(6, download.sha256());
			insert.setString(7, download.url());
			insert.setString(8, download.etag());
			insert.setString(9, download.lastModified());
			insert.setTimestamp(10, Timestamp.from(download.fetchedAt()));
			insert.executeUpdate();
			try (ResultSet keys = insert.getGeneratedKeys()) {
				keys.next();
				return keys.getLong(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not record the EPSS snapshot: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Starts reading the rows of the current snapshot on a thread of its own, for {@link #load}: on
	 * two cores that read overlaps with parsing the new file instead of slowing down the load.
	 */
	Background<EpssStoredRows> readStoredRows() {
		return Background.start("epss-read-stored", () -> EpssStoredRows.read(this.dataSource));
	}

	/**
	 * Makes the file's rows the current scores, as snapshot {@code snapshotId}.
	 * @param stored the rows of the current snapshot, from {@link #readStoredRows()}
	 */
	EpssChanges load(long snapshotId, EpssFile file, Background<EpssStoredRows> stored) {
		try {
			EpssChanges changes = swapIn(snapshotId, file, stored);
			this.jdbc.update("UPDATE epss_snapshot SET loaded_at = NOW(3), changed_rows = ?, new_rows = ?, dropped_rows = ?"
					+ " WHERE id = ?", changes.changed(), changes.added(), changes.dropped(), snapshotId);
			return changes;
		}
		catch (SQLException | IOException ex) {
			throw new IllegalStateException("Could not load the EPSS rows: " + ex.getMessage()
					+ ". The last good snapshot stays.", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while loading the EPSS rows. The last good snapshot stays.", ex);
		}
	}

	private EpssChanges swapIn(long snapshotId, EpssFile file, Background<EpssStoredRows> stored)
			throws SQLException, IOException, InterruptedException {
		try (Connection connection = this.dataSource.getConnection(); Statement statement = connection.createStatement()) {
			// A reader in a long transaction holds off the swap; fail after a while instead of hanging.
			statement.execute("SET SESSION lock_wait_timeout = " + SWAP_LOCK_WAIT.toSeconds());
			try {
				return replaceScores(statement, snapshotId, file, stored);
			}
			finally {
				// The connection goes back to the pool, whose next user expects the server's default.
				statement.execute("SET SESSION lock_wait_timeout = DEFAULT");
			}
		}
	}

	private EpssChanges replaceScores(Statement statement, long snapshotId, EpssFile file, Background<EpssStoredRows> stored)
			throws SQLException, IOException, InterruptedException {
		statement.execute("DROP TABLE IF EXISTS epss_score_next, epss_score_old");
		statement.execute("CREATE TABLE epss_score_next LIKE epss_score");
		EpssChanges changes;
		try {
			changes = this.fill.into(EpssMerge.split(file.rows(), storedRows(stored), this.parallelLoads, snapshotId,
					scoreDate(file).toString()));
		}
		catch (Exception ex) {
			dropNext(statement, ex);
			throw ex;
		}
		// One statement renames both: there is no moment without an epss_score table.
		statement.execute("RENAME TABLE epss_score TO epss_score_old, epss_score_next TO epss_score");
		statement.execute("DROP TABLE epss_score_old");
		return changes;
	}

	private static EpssStoredRows storedRows(Background<EpssStoredRows> stored) throws InterruptedException {
		try {
			return stored.get();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not read the stored EPSS rows to merge the new ones with: "
					+ ex.getCause().getMessage() + ". The last good snapshot stays.", ex.getCause());
		}
	}

	/**
	 * Drops what a failed load left in {@code epss_score_next}, so that a failed run leaves the
	 * tables as they were. On a broken connection that fails too; the next load drops it then.
	 */
	private static void dropNext(Statement statement, Exception failure) {
		try {
			statement.execute("DROP TABLE IF EXISTS epss_score_next");
		}
		catch (SQLException ex) {
			failure.addSuppressed(ex);
		}
	}

	static LocalDate scoreDate(EpssFile file) {
		return file.scoredAt().withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
	}

}
