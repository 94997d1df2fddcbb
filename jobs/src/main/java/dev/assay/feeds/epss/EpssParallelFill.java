package dev.assay.feeds.epss;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

import javax.sql.DataSource;

/**
 * Fills the scratch table {@code epss_score_next} with merged rows, all of them or fails. Each
 * part of the merge (a consecutive CVE range, see {@link EpssMerge#split}) loads at the same time
 * as the others through a connection of its own, since on the server one {@code LOAD DATA} is one
 * thread. Within a part, a merging thread writes the rows into a pipe that {@code LOAD DATA}
 * reads, so the merge runs while the server loads and nothing is written to disk on this side.
 * <p>
 * Thread-safe; one fill at a time per table, which {@code JobRunner} ensures.
 */
final class EpssParallelFill {

	/** Room for a merge to run ahead of its load, in bytes. */
	private static final int PIPE_BUFFER = 1 << 20;

	private final DataSource dataSource;

	EpssParallelFill(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Loads every part into {@code epss_score_next}, which must exist. When a part fails, the
	 * others still end before this returns, so that the caller can drop the table.
	 * @return what the parts changed together
	 */
	EpssChanges into(List<EpssMerge> parts) throws SQLException, IOException, InterruptedException {
		List<Background<EpssChanges>> loads = new ArrayList<>();
		try {
			for (int i = 0; i < parts.size(); i++) {
				EpssMerge part = parts.get(i);
				String name = "epss-load-" + (i + 1);
				loads.add(Background.start(name, () -> load(part, name)));
			}
			EpssChanges changes = EpssChanges.NONE;
			for (Background<EpssChanges> load : loads) {
				changes = changes.plus(result(load));
			}
			return changes;
		}
		finally {
			for (Background<EpssChanges> load : loads) {
				load.close();
			}
		}
	}

	private EpssChanges load(EpssMerge part, String name) throws SQLException, IOException, InterruptedException {
		try (Connection connection = this.dataSource.getConnection(); Statement statement = connection.createStatement()) {
			PipedInputStream merged = new PipedInputStream(PIPE_BUFFER);
			PipedOutputStream rows = new PipedOutputStream(merged);
			long loaded;
			EpssChanges changes;
			try (Background<EpssChanges> merging = Background.start(name + "-merge", () -> part.writeTo(rows))) {
				try (merged) {
					statement.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(merged);
					loaded = statement.executeLargeUpdate("LOAD DATA LOCAL INFILE 'epss-merged-rows' INTO TABLE"
							+ " epss_score_next CHARACTER SET ascii FIELDS TERMINATED BY '\\t' LINES TERMINATED BY '\\n'"
							+ " (cve, epss, percentile, snapshot_id, previous_epss, previous_percentile, changed_on)");
				}
				// Closing the pipe above ended a merge that the load broke off: its next write failed.
				changes = merging.get();
			}
			catch (ExecutionException ex) {
				// The merge closes the pipe when it fails, so the load may have ended "well" with part of the rows.
				throw new IllegalStateException("Could not merge the new EPSS rows with the stored ones: "
						+ ex.getCause().getMessage() + ". The last good snapshot stays.", ex.getCause());
			}
			if (loaded != changes.rows()) {
				throw new SQLException("LOAD DATA took " + loaded + " rows where " + changes.rows() + " were merged");
			}
			return changes;
		}
	}

	/** What a part loaded, or the failure it ended with, as it was thrown there. */
	private static EpssChanges result(Background<EpssChanges> load)
			throws SQLException, IOException, InterruptedException {
		try {
			return load.get();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof SQLException failure) {
				throw failure;
			}
			if (ex.getCause() instanceof IOException failure) {
				throw failure;
			}
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException("Could not load the EPSS rows: " + ex.getCause(), ex.getCause());
		}
	}

}
