package dev.assay.feeds.kev;

import java.io.IOException;
import java.nio.file.Files;

import dev.assay.batch.JobSummary;
import dev.assay.feeds.FeedDownload;
import dev.assay.feeds.FeedJob;
import dev.assay.feeds.FeedException;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The second step of {@code kev-ingest}: reads and checks the downloaded catalog, refuses one
 * with fewer than half the entries of the last good catalog unless forced, and loads it. It runs
 * in the step's transaction, so any failure leaves the previous catalog whole.
 */
class KevLoadTasklet implements Tasklet {

	private final KevCatalogReader reader;

	private final KevStore store;

	private final boolean force;

	/**
	 * @param force load a catalog even if it shrank to fewer than half the entries of the last
	 * good one
	 */
	KevLoadTasklet(KevCatalogReader reader, KevStore store, boolean force) {
		this.reader = reader;
		this.store = store;
		this.force = force;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
		StepExecution step = contribution.getStepExecution();
		FeedDownload download = FeedJob.downloadIn(step);
		KevCatalog catalog = this.reader.read(download.file(), download.url());
		int entries = catalog.vulnerabilities().size();
		// A StepContribution counts reads one at a time.
		catalog.vulnerabilities().forEach(entry -> contribution.incrementReadCount());
		LoadedCatalog last = this.store.lastCatalog();
		boolean shrank = last != null && entries * 2L < last.entries();
		if (shrank && !this.force) {
			throw new FeedException("The KEV catalog from " + download.url() + " has " + entries
					+ " entries, fewer than half the " + last.entries() + " of the last good catalog "
					+ last.shownVersion() + "; it may be cut short. Nothing was changed. If the catalog really shrank,"
					+ " run kev-ingest again with the job parameter force=true.");
		}
		KevChanges changes = this.store.load(catalog, download);
		int written = changes.added() + changes.modified();
		contribution.incrementWriteCount(written);
		contribution.incrementFilterCount(entries - written);
		JobSummary.add(step, String.format("KEV catalog %s: %d entries, %d added, %d removed, %d modified%s",
				KevCatalog.shownVersion(catalog.catalogVersion()), entries,
				changes.added(), changes.removed(), changes.modified(),
				shrank ? " (shrank from " + last.entries() + ", loaded with force=true)" : ""));
		// Deleted before the commit: should the commit fail, a new run fetches the catalog again.
		Files.delete(download.file());
		return RepeatStatus.FINISHED;
	}

}
