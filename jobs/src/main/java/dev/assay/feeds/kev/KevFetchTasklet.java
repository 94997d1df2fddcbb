package dev.assay.feeds.kev;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import dev.assay.batch.JobSummary;
import dev.assay.feeds.FeedDownload;
import dev.assay.feeds.FeedFetcher;
import dev.assay.feeds.FeedVersion;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The first step of {@code kev-ingest}: downloads the catalog into the feeds work folder and
 * leaves the download in the job's execution context for the load step. A catalog that is the
 * same as the last good one ends the step, and so the job, with exit status {@code NOOP}.
 * <p>
 * Downloads of earlier failed runs are deleted first: they are kept only until the next run, to
 * be looked at. One {@code kev-ingest} runs at a time, so none of them is in use.
 */
class KevFetchTasklet implements Tasklet {

	private static final String FEED = "kev";

	private static final String FILE = "kev.download.file";

	private static final String SHA256 = "kev.download.sha256";

	private static final String BYTES = "kev.download.bytes";

	private static final String ETAG = "kev.download.etag";

	private static final String LAST_MODIFIED = "kev.download.lastModified";

	private static final String URL = "kev.download.url";

	private static final String FETCHED_AT = "kev.download.fetchedAt";

	private final FeedFetcher fetcher;

	private final KevStore store;

	private final Path folder;

	private final String url;

	KevFetchTasklet(FeedFetcher fetcher, KevStore store, Path folder, String url) {
		this.fetcher = fetcher;
		this.store = store;
		this.folder = folder;
		this.url = url;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
		deleteEarlierDownloads();
		StepExecution step = contribution.getStepExecution();
		LoadedCatalog last = this.store.lastCatalog();
		FeedDownload download = this.fetcher.fetch(FEED, this.url,
				(last != null) ? last.feedVersion() : FeedVersion.NONE, this.folder);
		if (download.unchanged()) {
			contribution.setExitStatus(ExitStatus.NOOP);
			String since = (last != null) ? " since catalog " + last.shownVersion() + " fetched " + last.fetchedAt()
					: "";
			JobSummary.add(step, "KEV catalog unchanged at " + download.url() + since + "; nothing loaded");
			return RepeatStatus.FINISHED;
		}
		save(download, step.getJobExecution().getExecutionContext());
		return RepeatStatus.FINISHED;
	}

	private void deleteEarlierDownloads() throws IOException {
		try (DirectoryStream<Path> downloads = Files.newDirectoryStream(this.folder, FEED + "-*.download")) {
			for (Path download : downloads) {
				Files.deleteIfExists(download);
			}
		}
	}

	private static void save(FeedDownload download, ExecutionContext context) {
		context.putString(FILE, download.file().toString());
		context.putString(SHA256, download.sha256());
		context.putLong(BYTES, download.bytes());
		putIfPresent(context, ETAG, download.etag());
		putIfPresent(context, LAST_MODIFIED, download.lastModified());
		context.putString(URL, download.url());
		context.putString(FETCHED_AT, download.fetchedAt().toString());
	}

	private static void putIfPresent(ExecutionContext context, String key, String value) {
		if (value != null) {
			context.putString(key, value);
		}
		else {
			context.remove(key);
		}
	}

	/** The download that the fetch step of this job execution left for the load step. */
	static FeedDownload downloadIn(ExecutionContext context) {
		return new FeedDownload(Path.of(context.getString(FILE)), context.getString(SHA256), context.getLong(BYTES),
				context.getString(ETAG, null), context.getString(LAST_MODIFIED, null), context.getString(URL),
				Instant.parse(context.getString(FETCHED_AT)));
	}

}
