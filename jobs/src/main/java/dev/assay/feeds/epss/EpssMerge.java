package dev.assay.feeds.epss;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Callable;

/**
 * Writes the rows of the next {@code epss_score} table as the text that {@code LOAD DATA} reads,
 * walking the new rows and the stored ones (both in CVE order) side by side: a CVE whose score or
 * percentile moved keeps the old values as its previous ones, dated with the new score date; an
 * unchanged one keeps its history.
 * <p>
 * Meant to run on a thread of its own while the load reads {@code out}: it closes {@code out} when
 * it ends, also when it fails, so the load never waits for rows that will not come. One call per
 * instance.
 */
final class EpssMerge implements Callable<EpssChanges> {

	private final EpssRows rows;

	private final EpssStoredRows stored;

	private final long snapshotId;

	private final String scoreDate;

	private final OutputStream out;

	/**
	 * @param snapshotId the snapshot the new rows belong to
	 * @param scoreDate the score date of the new rows, such as {@code 2025-09-07}
	 */
	EpssMerge(EpssRows rows, EpssStoredRows stored, long snapshotId, String scoreDate, OutputStream out) {
		this.rows = rows;
		this.stored = stored;
		this.snapshotId = snapshotId;
		this.scoreDate = scoreDate;
		this.out = out;
	}

	@Override
	public EpssChanges call() throws IOException {
		int changed = 0;
		int added = 0;
		int old = 0;
		try (LoadDataWriter out = new LoadDataWriter(this.out)) {
			for (int i = 0; i < this.rows.size(); i++) {
				String cve = this.rows.cve(i);
				while (old < this.stored.size() && this.stored.cve(old).compareTo(cve) < 0) {
					old++;
				}
				out.text(cve).number(this.rows.epss(i)).number(this.rows.percentile(i)).number(this.snapshotId);
				if (old < this.stored.size() && this.stored.cve(old).equals(cve)) {
					if (this.stored.epss(old) != this.rows.epss(i) || this.stored.percentile(old) != this.rows.percentile(i)) {
						changed++;
						out.number(this.stored.epss(old)).number(this.stored.percentile(old)).text(this.scoreDate);
					}
					else {
						previous(out, this.stored.previousEpss(old));
						previous(out, this.stored.previousPercentile(old));
						out.text(this.stored.changedOn(old));
					}
					old++;
				}
				else {
					added++;
					out.nullValue().nullValue().nullValue();
				}
				out.endRow();
			}
		}
		int kept = this.rows.size() - added;
		return new EpssChanges(this.rows.size(), changed, added, this.stored.size() - kept);
	}

	private static void previous(LoadDataWriter out, double value) throws IOException {
		if (Double.isNaN(value)) {
			out.nullValue();
		}
		else {
			out.number(value);
		}
	}

}
