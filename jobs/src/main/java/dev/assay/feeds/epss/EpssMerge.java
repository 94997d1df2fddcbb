package dev.assay.feeds.epss;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes rows of the next {@code epss_score} table as the text that {@code LOAD DATA} reads,
 * walking the new rows and the stored ones of one CVE range (both in CVE order) side by side: a
 * CVE whose score or percentile moved keeps the old values as its previous ones, dated with the
 * new score date; an unchanged one keeps its history.
 * <p>
 * {@link #split} cuts the whole merge into consecutive ranges, so that several loads can fill the
 * table at once. Immutable; {@link #writeTo} may run on any thread.
 */
final class EpssMerge {

	private final EpssRows rows;

	private final int from;

	private final int to;

	private final EpssStoredRows stored;

	private final int storedFrom;

	private final int storedTo;

	private final long snapshotId;

	private final String scoreDate;

	private EpssMerge(EpssRows rows, int from, int to, EpssStoredRows stored, int storedFrom, int storedTo,
			long snapshotId, String scoreDate) {
		this.rows = rows;
		this.from = from;
		this.to = to;
		this.stored = stored;
		this.storedFrom = storedFrom;
		this.storedTo = storedTo;
		this.snapshotId = snapshotId;
		this.scoreDate = scoreDate;
	}

	/**
	 * Cuts the merge of all new rows with all stored ones into {@code parts} merges of consecutive
	 * CVE ranges with about as many new rows each (fewer parts when there are fewer rows). A stored
	 * CVE goes with the range it falls in, so that the parts together write every row once and
	 * count every change once.
	 * @param snapshotId the snapshot the new rows belong to
	 * @param scoreDate the score date of the new rows, such as {@code 2025-09-07}
	 */
	static List<EpssMerge> split(EpssRows rows, EpssStoredRows stored, int parts, long snapshotId, String scoreDate) {
		int count = Math.max(1, Math.min(parts, rows.size()));
		List<EpssMerge> merges = new ArrayList<>(count);
		int storedFrom = 0;
		for (int part = 0; part < count; part++) {
			int from = (int) ((long) rows.size() * part / count);
			int to = (int) ((long) rows.size() * (part + 1) / count);
			int storedTo = (part == count - 1) ? stored.size() : stored.indexOf(rows.cves(), to);
			merges.add(new EpssMerge(rows, from, to, stored, storedFrom, storedTo, snapshotId, scoreDate));
			storedFrom = storedTo;
		}
		return merges;
	}

	/**
	 * Writes this range's rows to {@code out} and closes it when done, also when writing fails,
	 * so that a load reading the other end never waits for rows that will not come.
	 */
	EpssChanges writeTo(OutputStream out) throws IOException {
		int changed = 0;
		int added = 0;
		int old = this.storedFrom;
		CveIds cves = this.rows.cves();
		CveIds storedCves = this.stored.cves();
		try (LoadDataWriter writer = new LoadDataWriter(out)) {
			for (int i = this.from; i < this.to; i++) {
				while (old < this.storedTo && storedCves.compare(old, cves, i) < 0) {
					old++;
				}
				// The ids were read as valid CVE ids, which hold nothing a LOAD DATA field cannot.
				cves.writeTo(writer, i);
				writer.number(this.rows.epss(i)).number(this.rows.percentile(i)).number(this.snapshotId);
				if (old < this.storedTo && storedCves.compare(old, cves, i) == 0) {
					if (this.stored.epss(old) != this.rows.epss(i) || this.stored.percentile(old) != this.rows.percentile(i)) {
						changed++;
						writer.number(this.stored.epss(old)).number(this.stored.percentile(old)).text(this.scoreDate);
					}
					else {
						previous(writer, this.stored.previousEpss(old));
						previous(writer, this.stored.previousPercentile(old));
						writer.text(this.stored.changedOn(old));
					}
					old++;
				}
				else {
					added++;
					writer.nullValue().nullValue().nullValue();
				}
				writer.endRow();
			}
		}
		int rowCount = this.to - this.from;
		int kept = rowCount - added;
		return new EpssChanges(rowCount, changed, added, (this.storedTo - this.storedFrom) - kept);
	}

	private static void previous(LoadDataWriter writer, double value) throws IOException {
		if (Double.isNaN(value)) {
			writer.nullValue();
		}
		else {
			writer.number(value);
		}
	}

}
