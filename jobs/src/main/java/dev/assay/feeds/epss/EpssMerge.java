package dev.assay.feeds.epss;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
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
		String snapshot = Long.toString(this.snapshotId);
		int changed = 0;
		int added = 0;
		int dropped = 0;
		try (Writer text = new BufferedWriter(new OutputStreamWriter(this.out, StandardCharsets.US_ASCII), 1 << 16);
				Connection connection = this.dataSource.getConnection();
				Statement select = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
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
					text.append(cve).append('\t').append(Double.toString(rows.epss(i))).append('\t')
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

}
