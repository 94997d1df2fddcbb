package dev.assay.scans;

import java.util.List;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.dao.DataAccessException;

/**
 * Writes each chunk of reports with the {@link ScanStore}, together with the files refused while
 * the chunk was read, in the chunk's transaction. Where the database fails, the job stops with a
 * {@link ScanWriteException} naming the reports that were not kept. Thread-safe.
 */
class ScanWriter implements ItemWriter<ImportedReport> {

	private final ScanStore store;

	private final ImportSummary summary;

	ScanWriter(ScanStore store, ImportSummary summary) {
		this.store = store;
		this.summary = summary;
	}

	@Override
	public void write(Chunk<? extends ImportedReport> chunk) {
		List<? extends ImportedReport> reports = chunk.getItems();
		try {
			this.summary.written(this.store.write(reports, this.summary.takeUnrecorded()));
		}
		catch (DataAccessException ex) {
			String which = reports.isEmpty() ? "the refused files"
					: (reports.size() == 1) ? "the report " + reports.get(0).file()
							: "the " + reports.size() + " reports " + reports.get(0).file() + " to "
									+ reports.get(reports.size() - 1).file();
			throw new ScanWriteException("Could not write " + which + " to the database: "
					+ ex.getMostSpecificCause().getMessage() + ". None of them was kept.", ex);
		}
	}

}
