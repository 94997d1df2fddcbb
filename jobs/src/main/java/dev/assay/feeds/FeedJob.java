package dev.assay.feeds;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Supplier;

import dev.assay.batch.JobParameterRules;
import dev.assay.batch.JobSummary;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;

/**
 * The shape every feed job shares: a fetch step that downloads the feed and leaves the download
 * in the job's execution context, then a load step that reads it. A feed that is the same as the
 * last good one ends the job after the fetch with exit status {@code NOOP}; a failed fetch fails
 * the job without running the load.
 * <p>
 * Job parameters: {@code url} replaces the configured URL for one run; {@code force=true}
 * downloads even an unchanged feed (and lets the load step pass its shrink guard).
 */
public final class FeedJob {

	private static final String FILE = "feed.download.file";

	private static final String SHA256 = "feed.download.sha256";

	private static final String BYTES = "feed.download.bytes";

	private static final String ETAG = "feed.download.etag";

	private static final String LAST_MODIFIED = "feed.download.lastModified";

	private static final String URL = "feed.download.url";

	private static final String FETCHED_AT = "feed.download.fetchedAt";

	private FeedJob() {
	}

	/** What the fetch step needs to know of the last good load. */
	public interface LastGood {

		/** How to recognise an unchanged feed; {@link FeedVersion#NONE} before the first load. */
		FeedVersion version();

		/** Says what the last good load was, e.g. {@code " since catalog 2025.08.25"}; may be empty. */
		String describe();

	}

	/** The job: the fetch step, then the load step unless the feed was unchanged. */
	public static Job job(String name, JobRepository repository, JobSummary summary, Step fetch, Step load) {
		String noop = ExitStatus.NOOP.getExitCode();
		return new JobBuilder(name, repository).validator(JobParameterRules.allowing("url").flags("force"))
			.listener(summary)
			.start(fetch)
			.on(noop)
			// end() alone would record the job as COMPLETED: the no-op must show in its exit status.
			.end(noop)
			.from(fetch)
			.on("COMPLETED")
			.to(load)
			// "*" would match FAILED too: the load would run without a file and hide why the fetch failed.
			.from(fetch)
			.on("*")
			.fail()
			.end()
			.build();
	}

	/**
	 * The fetch step of the feed {@code feed} ({@code epss}, {@code kev}): downloads into
	 * {@code folder}, after deleting the downloads that earlier failed runs left there (one run of
	 * a job at a time, so none is in use). It runs without a database transaction, and again on a
	 * restart: the feed or the URL may have been fixed since the failed run.
	 * @param title how the summary names the feed, e.g. {@code "KEV catalog"}
	 */
	public static Step fetchStep(String feed, String title, JobRepository repository, FeedFetcher fetcher,
			Path folder, Supplier<String> configuredUrl, LastGood lastGood) {
		Tasklet tasklet = (contribution, context) -> {
			StepExecution step = contribution.getStepExecution();
			JobParameters parameters = step.getJobParameters();
			deleteEarlierDownloads(folder, feed);
			FeedVersion last = JobParameterRules.flag(parameters, "force") ? FeedVersion.NONE : lastGood.version();
			String url = parameters.getString("url", configuredUrl.get());
			FeedDownload download = fetcher.fetch(feed, url, last, folder);
			if (download.unchanged()) {
				contribution.setExitStatus(ExitStatus.NOOP);
				JobSummary.add(step, title + " unchanged at " + download.url() + lastGood.describe() + "; nothing loaded");
				return RepeatStatus.FINISHED;
			}
			save(download, step.getJobExecution().getExecutionContext());
			return RepeatStatus.FINISHED;
		};
		return new StepBuilder("fetch" + capitalized(feed) + "Step", repository)
			.tasklet(tasklet, new ResourcelessTransactionManager())
			.allowStartIfComplete(true)
			.build();
	}

	/** The download that the fetch step of this job execution left for the load step. */
	public static FeedDownload downloadIn(StepExecution step) {
		ExecutionContext context = step.getJobExecution().getExecutionContext();
		return new FeedDownload(Path.of(context.getString(FILE)), context.getString(SHA256), context.getLong(BYTES),
				context.getString(ETAG, null), context.getString(LAST_MODIFIED, null), context.getString(URL),
				Instant.parse(context.getString(FETCHED_AT)));
	}

	private static void save(FeedDownload download, ExecutionContext context) {
		context.putString(FILE, download.file().toString());
		context.putString(SHA256, download.sha256());
		context.putLong(BYTES, download.bytes());
		putOrRemove(context, ETAG, download.etag());
		putOrRemove(context, LAST_MODIFIED, download.lastModified());
		context.putString(URL, download.url());
		context.putString(FETCHED_AT, download.fetchedAt().toString());
	}

	private static void putOrRemove(ExecutionContext context, String key, String value) {
		if (value != null) {
			context.putString(key, value);
		}
		else {
			context.remove(key);
		}
	}

	private static void deleteEarlierDownloads(Path folder, String feed) throws IOException {
		try (DirectoryStream<Path> downloads = Files.newDirectoryStream(folder, feed + "-*.download")) {
			for (Path download : downloads) {
				Files.deleteIfExists(download);
			}
		}
	}

	private static String capitalized(String feed) {
		return Character.toUpperCase(feed.charAt(0)) + feed.substring(1);
	}

}
