package dev.assay.feeds.epss;

import java.nio.file.Files;
import java.util.Optional;

import dev.assay.AssayHome;
import dev.assay.batch.JobParameterRules;
import dev.assay.batch.JobSummary;
import dev.assay.feeds.FeedDownload;
import dev.assay.feeds.FeedException;
import dev.assay.feeds.FeedFetcher;
import dev.assay.feeds.FeedJob;
import dev.assay.feeds.FeedVersion;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
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

	/**
	 * The load runs outside a database transaction: it swaps tables with DDL, which would wait
	 * forever on the metadata lock that a step transaction takes by reading the score table.
	 */
	private final PlatformTransactionManager noTransaction = new ResourcelessTransactionManager();

	@Bean
	Job epssIngestJob(JobRepository jobRepository, Step fetchEpssStep, Step loadEpssStep, JobSummary jobSummary) {
		return FeedJob.job(JOB_NAME, jobRepository, jobSummary, fetchEpssStep, loadEpssStep);
	}

	@Bean
	Step fetchEpssStep(JobRepository jobRepository, FeedFetcher fetcher, EpssStore store, EpssProperties properties,
			AssayHome home) {
		return FeedJob.fetchStep("epss", "EPSS feed", jobRepository, fetcher, home.workDir("epss"), properties::url,
				new FeedJob.LastGood() {

					@Override
					public FeedVersion version() {
						return store.currentVersion();
					}

					@Override
					public String describe() {
						return store.current()
							.map(s -> " since model " + s.modelVersion() + ", scores of " + s.scoreDate())
							.orElse("");
					}

				});
	}

	@Bean
	Step loadEpssStep(JobRepository jobRepository, EpssStore store, EpssProperties properties) {
		EpssFileReader reader = new EpssFileReader(properties.maxUncompressedSize().toBytes(),
				properties.maxBadRowsPercent());
		return new StepBuilder("loadEpssStep", jobRepository).tasklet((contribution, context) -> {
			StepExecution step = contribution.getStepExecution();
			store.cleanUpInterruptedLoads();
			FeedDownload download = FeedJob.downloadIn(step);
			EpssFile file;
			EpssChanges changes;
			// The stored rows are read while the file is parsed; the load merges the two.
			try (Background<EpssStoredRows> stored = store.readStoredRows()) {
				file = reader.read(download.file(), download.url());
				contribution.incrementReadSkipCount(file.badRows());
				refuseShrinking(file, store.current(), JobParameterRules.flag(step.getJobParameters(), "force"));
				long snapshotId = store.startSnapshot(file, download);
				changes = store.load(snapshotId, file, stored);
			}
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

	/** StepContribution counts reads one at a time only. */
	private static void countRead(StepContribution contribution, int rows) {
		for (int i = 0; i < rows; i++) {
			contribution.incrementReadCount();
		}
	}

}
