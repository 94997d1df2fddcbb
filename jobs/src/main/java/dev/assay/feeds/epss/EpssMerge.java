package dev.assay.feeds.epss;

import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

/**
 * Writes the rows of the next {@code epss_score} table as the tab-separated text that
 * {@code LOAD DATA} reads, walking the new rows and the stored ones (both in CVE order) side by
 * side: a CVE whose score or percentile moved keeps the old values as its previous ones, dated
 * with the new score date; an unchanged one keeps its history.
 * <p>
 * Meant to run on a thread of its own while the load reads {@code out}: it closes {@code out} when
 * it ends, also when it fails, so the load never waits for rows that will not come. One call per
 * instance.
 */
final class EpssMerge implements Callable<EpssChanges> {

	private final DataSource dataSource;

	private final long snapshotId;

	private final EpssFile file;

	private final OutputStream out;

	EpssMerge(DataSource dataSource, long snapshotId, EpssFile file, OutputStream out) {
		this.dataSource = dataSource;
		this.snapshotId = snapshotId;
		this.file = file;
		this.out = out;
	}

	@Override
	public EpssChanges call() throws Exception {
		EpssRows rows = this.file.rows();
		String changedOn = EpssStore.scoreDate(this.file).toString();
		int changed = 0;
		int added = 0;
		int dropped = 0;
		try (LoadDataWriter out = new LoadDataWriter(this.out);
				Connection connection = this.dataSource.getConnection();
				Statement select = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
			// A fetch size makes the driver stream the rows instead of holding them all.
			select.setFetchSize(10_000);
			try (ResultSet old = select.executeQuery("SELECT cve, epss, percentile, previous_epss, previous_percentile,"
					+ " changed_on FROM epss_score ORDER BY cve")) {
				String oldCve = nextCve(old);
				for (int i = 0; i < rows.size(); i++) {
					String cve = rows.cve(i);
					while (oldCve != null && oldCve.compareTo(cve) < 0) {
						dropped++;
						oldCve = nextCve(old);
					}
					out.text(cve).number(rows.epss(i)).number(rows.percentile(i)).number(this.snapshotId);
					if (cve.equals(oldCve)) {
						double oldEpss = old.getDouble(2);
						double oldPercentile = old.getDouble(3);
						if (oldEpss != rows.epss(i) || oldPercentile != rows.percentile(i)) {
							changed++;
							out.number(oldEpss).number(oldPercentile).text(changedOn);
						}
						else {
							out.text(old.getString(4)).text(old.getString(5)).text(old.getString(6));
						}
						oldCve = nextCve(old);
					}
					else {
						added++;
						out.nullValue().nullValue().nullValue();
					}
					out.endRow();
				}
				while (oldCve != null) {
					dropped++;
					oldCve = nextCve(old);
				}
			}
		}
		return new EpssChanges(rows.size(), changed, added, dropped);
	}

	/** The CVE of the next stored row, {@code null} after the last one. */
	private static String nextCve(ResultSet old) throws SQLException {
		return old.next() ? old.getString(1) : null;
	}

}
