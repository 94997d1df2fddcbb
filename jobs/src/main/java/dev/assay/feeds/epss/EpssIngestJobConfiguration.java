package dev.assay.feeds.epss;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import dev.assay.AssayHome;
import dev.assay.batch.JobParameterRules;
import dev.assay.batch.JobSummary;
import dev.assay.feeds.FeedDownload;
import dev.assay.feeds.FeedException;
import dev.assay.feeds.FeedFetcher;
import dev.assay.feeds.FeedVersion;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code epss-ingest} job: fetch the EPSS file, then load it as the current snapshot.
 * <p>
 * Parameters: {@code url} replaces {@code assay.feeds.epss.url} for one run; {@code force=true}
 * downloads even if unchanged and passes the shrink guard (a file with fewer than half the rows of
 * the current snapshot is otherwise refused). An unchanged feed ends the job after the fetch with
 * exit status {@code NOOP}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EpssProperties.class)
class EpssIngestJobConfiguration {

	static final String JOB_NAME = "epss-ingest";

	private static final String FILE = "epss.file";

	private static final String SHA256 = "epss.sha256";

	private static final String ETAG = "epss.etag";

	private static final String LAST_MODIFIED = "epss.lastModified";

	private static final String URL = "epss.url";

	private static final String FETCHED_AT = "epss.fetchedAt";

	@Bean
	Job epssIngestJob(JobRepository jobRepository, Step fetchEpssStep, Step loadEpssStep, JobSummary jobSummary) {
		String noop = ExitStatus.NOOP.getExitCode();
		return new JobBuilder(JOB_NAME, jobRepository)
			.validator(JobParameterRules.allowing("url").flags("force"))
			.listener(jobSummary)
			.start(fetchEpssStep)
			.on(noop)
			// end() alone would record the job as COMPLETED: the no-op must show in its exit status.
			.end(noop)
			.from(fetchEpssStep)
			.on("COMPLETED")
			.to(loadEpssStep)
			// "*" would match FAILED too: the load would run without a file and hide why the fetch failed.
			.from(fetchEpssStep)
			.on("*")
			.fail()
			.end()
			.build();
	}

	/**
	 * The steps run outside a database transaction: the load swaps tables with DDL, which would wait
	 * forever on the metadata lock that a step transaction takes by reading the score table.
	 */
	private final PlatformTransactionManager noTransaction = new ResourcelessTransactionManager();

	@Bean
	Step fetchEpssStep(JobRepository jobRepository, FeedFetcher fetcher, EpssStore store, EpssProperties properties, AssayHome home) {
		return new StepBuilder("fetchEpssStep", jobRepository).tasklet((contribution, context) -> {
			StepExecution step = contribution.getStepExecution();
			JobParameters parameters = step.getJobParameters();
			store.cleanUpInterruptedLoads();
			Path folder = home.workDir("epss");
			deleteOldDownloads(folder);
			FeedVersion last = JobParameterRules.flag(parameters, "force") ? FeedVersion.NONE : store.currentVersion();
			String url = parameters.getString("url", properties.url());
			FeedDownload download = fetcher.fetch("epss", url, last, folder);
			if (download.unchanged()) {
				Optional<EpssSnapshot> current = store.current();
				JobSummary.add(step, "EPSS feed unchanged"
						+ current.map(s -> " since model " + s.modelVersion() + ", scores of " + s.scoreDate()).orElse("")
						+ "; nothing to load");
				contribution.setExitStatus(new ExitStatus(ExitStatus.NOOP.getExitCode(), "EPSS feed unchanged"));
				return RepeatStatus.FINISHED;
			}
			ExecutionContext job = step.getJobExecution().getExecutionContext();
			job.putString(FILE, download.file().toString());
			job.putString(SHA256, download.sha256());
			job.putString(URL, download.url());
			job.putString(FETCHED_AT, download.fetchedAt().toString());
			putIfPresent(job, ETAG, download.etag());
			putIfPresent(job, LAST_MODIFIED, download.lastModified());
			return RepeatStatus.FINISHED;
		}, this.noTransaction)
			// A restart fetches again: the file of a failed run may be gone, or fixed upstream.
			.allowStartIfComplete(true)
			.build();
	}

	@Bean
	Step loadEpssStep(JobRepository jobRepository, EpssStore store,
			EpssProperties properties, AssayHome home) {
		EpssFileReader reader = new EpssFileReader(properties.maxUncompressedSize().toBytes(),
				properties.maxBadRowsPercent());
		return new StepBuilder("loadEpssStep", jobRepository).tasklet((contribution, context) -> {
			StepExecution step = contribution.getStepExecution();
			ExecutionContext job = step.getJobExecution().getExecutionContext();
			FeedDownload download = new FeedDownload(Path.of(job.getString(FILE)), job.getString(SHA256), 0,
					job.getString(ETAG, null), job.getString(LAST_MODIFIED, null), job.getString(URL),
					Instant.parse(job.getString(FETCHED_AT)));
			EpssFile file = reader.read(download.file(), download.url());
			contribution.incrementReadSkipCount(file.badRows());
			refuseShrinking(file, store.current(), JobParameterRules.flag(step.getJobParameters(), "force"));
			long snapshotId = store.startSnapshot(file, download);
			EpssChanges changes = store.load(snapshotId, file, home.workDir("epss"));
			countRead(contribution, file.rows().size());
			contribution.incrementWriteCount(changes.rows());
			JobSummary.add(step, String.format("EPSS model %s, scores of %s: %d CVEs, %d changed, %d new, %d dropped",
					file.modelVersion(), file.scoredAt().toLocalDate(), changes.rows(), changes.changed(),
					changes.added(), changes.dropped()));
			if (file.badRows() > 0) {
				JobSummary.add(step, file.badRows() + " bad rows skipped: " + String.join("; ", file.badRowSamples())
						+ ((file.badRows() > file.badRowSamples().size()) ? "; ..." : ""));
			}
			Files.deleteIfExists(download.file());
			return RepeatStatus.FINISHED;
		}, this.noTransaction).build();
	}

	/** A feed that shrinks to less than half is far more likely broken than real. */
	private static void refuseShrinking(EpssFile file, Optional<EpssSnapshot> current, boolean force) {
		if (force || current.isEmpty() || file.rows().size() * 2L >= current.get().rows()) {
			return;
		}
		throw new FeedException(String.format(
				"The EPSS file has %d rows, fewer than half of the %d rows of the current snapshot (model %s, scores"
						+ " of %s); refusing it as implausible. The last good snapshot stays. If the feed really shrank,"
						+ " run again with force=true.",
				file.rows().size(), current.get().rows(), current.get().modelVersion(), current.get().scoreDate()));
	}

	private static void countRead(StepContribution contribution, int rows) {
		for (int i = 0; i < rows; i++) {
			contribution.incrementReadCount();
		}
	}

	private static void putIfPresent(ExecutionContext context, String key, String value) {
		if (value != null) {
			context.putString(key, value);
		}
	}

	private static void deleteOldDownloads(Path folder) throws IOException {
		try (var files = Files.list(folder)) {
			for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".download")).toList()) {
				Files.deleteIfExists(file);
			}
		}
	}

}
