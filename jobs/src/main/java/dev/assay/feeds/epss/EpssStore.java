package dev.assay.feeds.epss;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

import javax.sql.DataSource;

import dev.assay.feeds.FeedDownload;
import dev.assay.feeds.FeedVersion;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The EPSS tables. A load merges the new rows with the stored ones in one ordered pass (keeping
 * each CVE's previous score where it moved), bulk-loads the result into a fresh table and swaps it
 * in with one atomic {@code RENAME TABLE}: readers see the old snapshot or the new one, and a load
 * that dies half-way leaves only a scratch table that the next load drops.
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

	EpssStore(DataSource dataSource) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
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
	 * Makes the file's rows the current scores, as snapshot {@code snapshotId}.
	 * @param scratch a folder for the merged rows file
	 */
	EpssChanges load(long snapshotId, EpssFile file, Path scratch) {
		Path merged = scratch.resolve("epss-" + snapshotId + ".tsv");
		try {
			EpssChanges changes = writeMerged(snapshotId, file, merged);
			swapIn(merged, file.rows().size());
			this.jdbc.update("UPDATE epss_snapshot SET loaded_at = NOW(3), changed_rows = ?, new_rows = ?, dropped_rows = ?"
					+ " WHERE id = ?", changes.changed(), changes.added(), changes.dropped(), snapshotId);
			return changes;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not load the EPSS rows: " + ex.getMessage()
					+ ". The last good snapshot stays.", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the merged EPSS rows to " + merged, ex);
		}
		finally {
			try {
				Files.deleteIfExists(merged);
			}
			catch (IOException ex) {
				// A leftover scratch file is overwritten by the next load of the same id, never read.
			}
		}
	}

	/**
	 * Walks the new rows and the stored ones (both in CVE order) side by side and writes the rows of
	 * the new table: a CVE whose score or percentile moved keeps the old values as its previous
	 * ones, dated with the new score date; an unchanged one keeps its history.
	 */
	private EpssChanges writeMerged(long snapshotId, EpssFile file, Path merged) throws SQLException, IOException {
		EpssRows rows = file.rows();
		String changedOn = scoreDate(file).toString();
		String snapshot = Long.toString(snapshotId);
		int changed = 0;
		int added = 0;
		int dropped = 0;
		try (Connection connection = this.dataSource.getConnection();
				Statement select = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
				BufferedWriter out = Files.newBufferedWriter(merged, StandardCharsets.US_ASCII)) {
			// A fetch size makes the driver stream the rows instead of holding them all.
			select.setFetchSize(10_000);
			try (ResultSet old = select.executeQuery("SELECT cve, epss, percentile, previous_epss, previous_percentile,"
					+ " changed_on FROM epss_score ORDER BY cve")) {
				boolean hasOld = old.next();
				for (int i = 0; i < rows.size(); i++) {
					String cve = rows.cve(i);
					while (hasOld && old.getString(1).compareTo(cve) < 0) {
						dropped++;
						hasOld = old.next();
					}
					String previousEpss = "\\N";
					String previousPercentile = "\\N";
					String lastChange = "\\N";
					if (hasOld && old.getString(1).equals(cve)) {
						double oldEpss = old.getDouble(2);
						double oldPercentile = old.getDouble(3);
						if (oldEpss != rows.epss(i) || oldPercentile != rows.percentile(i)) {
							changed++;
							previousEpss = Double.toString(oldEpss);
							previousPercentile = Double.toString(oldPercentile);
							lastChange = changedOn;
						}
						else {
							previousEpss = nullable(old.getString(4));
							previousPercentile = nullable(old.getString(5));
							lastChange = nullable(old.getString(6));
						}
						hasOld = old.next();
					}
					else {
						added++;
					}
					out.append(cve).append('\t').append(Double.toString(rows.epss(i))).append('\t')
						.append(Double.toString(rows.percentile(i))).append('\t').append(snapshot).append('\t')
						.append(previousEpss).append('\t').append(previousPercentile).append('\t').append(lastChange)
						.append('\n');
				}
				while (hasOld) {
					dropped++;
					hasOld = old.next();
				}
			}
		}
		return new EpssChanges(rows.size(), changed, added, dropped);
	}

	private static String nullable(String value) {
		return (value != null) ? value : "\\N";
	}

	private void swapIn(Path merged, int expectedRows) throws SQLException {
		try (Connection connection = this.dataSource.getConnection(); Statement statement = connection.createStatement()) {
			// A reader in a long transaction holds off the swap; fail after a while instead of hanging.
			statement.execute("SET SESSION lock_wait_timeout = " + SWAP_LOCK_WAIT.toSeconds());
			statement.execute("DROP TABLE IF EXISTS epss_score_next, epss_score_old");
			statement.execute("CREATE TABLE epss_score_next LIKE epss_score");
			long loaded = statement.executeLargeUpdate("LOAD DATA LOCAL INFILE '" + sqlPath(merged)
					+ "' INTO TABLE epss_score_next CHARACTER SET ascii FIELDS TERMINATED BY '\\t'"
					+ " LINES TERMINATED BY '\\n'"
					+ " (cve, epss, percentile, snapshot_id, previous_epss, previous_percentile, changed_on)");
			if (loaded != expectedRows) {
				statement.execute("DROP TABLE epss_score_next");
				throw new SQLException("LOAD DATA took " + loaded + " rows where " + expectedRows + " were written");
			}
			// One statement renames both: there is no moment without an epss_score table.
			statement.execute("RENAME TABLE epss_score TO epss_score_old, epss_score_next TO epss_score");
			statement.execute("DROP TABLE epss_score_old");
		}
	}

	private static String sqlPath(Path file) {
		return file.toAbsolutePath().toString().replace("\\", "\\\\").replace("'", "\\'");
	}

	private static LocalDate scoreDate(EpssFile file) {
		return file.scoredAt().withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
	}

}
