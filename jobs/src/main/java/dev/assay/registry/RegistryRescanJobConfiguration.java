package dev.assay.registry;

import dev.assay.batch.Shard;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.assay.AssayHome;
import dev.assay.batch.JobParameterRules;
import dev.assay.batch.JobSummary;
import dev.assay.scans.ImageScans;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
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
 * The {@code registry-rescan} job: reads the configured registries
 * ({@code discoverRegistriesStep}), scans the images that are due in this run's shard, with
 * {@code assay.rescan.running-images=true} the queued running images never scanned too
 * ({@code scanRegistryImagesStep}), assesses the images that changed ({@code assessStep}), and
 * fails at the end ({@code checkRegistriesStep}) if a registry could not be read, after doing what
 * the others allowed. Parameters: {@code force=true} scans every image of the shard,
 * {@code shard=i shards=n} (or {@code JOB_COMPLETION_INDEX} with {@code shards=n}) takes one part.
 * <p>
 * Every step runs again when a failed run is restarted: a rescan starts from what the registries
 * serve then, not from where the last one stopped.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ RegistriesProperties.class, RescanProperties.class, ScannerProperties.class })
class RegistryRescanJobConfiguration {

	private static final Logger log = LoggerFactory.getLogger(RegistryRescanJobConfiguration.class);

	@Bean
	Job registryRescanJob(JobRepository jobRepository, JobSummary jobSummary, Step discoverRegistriesStep,
			Step scanRegistryImagesStep, Step assessStep, Step checkRegistriesStep) {
		JobParameterRules rules = JobParameterRules.allowing("shard", "shards").flags("force");
		return new JobBuilder("registry-rescan", jobRepository).validator(parameters -> {
			rules.validate(parameters);
			Shard.of(parameters, System.getenv());
		})
			.listener(jobSummary)
			.start(discoverRegistriesStep)
			.next(scanRegistryImagesStep)
			.next(assessStep)
			.next(checkRegistriesStep)
			.build();
	}

	@Bean
	Step discoverRegistriesStep(JobRepository jobRepository, RegistriesProperties registries, RegistryClients clients, RegistryStore store) {
		return new StepBuilder("discoverRegistriesStep", jobRepository)
			.tasklet(new RegistryDiscoveryTasklet(registries.registries(), clients, store), outsideTransactions())
			.allowStartIfComplete(true)
			.build();
	}

	@Bean
	Step scanRegistryImagesStep(JobRepository jobRepository, RegistriesProperties registries, RescanProperties rescan,
			ScannerProperties scanner, RegistryStore store, RunningImageQueue queue, RunningImageScanStore queueStore,
			ImageScans scans, AssayHome home) {
		return new StepBuilder("scanRegistryImagesStep", jobRepository).tasklet((contribution, context) -> {
			long started = System.nanoTime();
			StepExecution step = contribution.getStepExecution();
			JobParameters parameters = step.getJobParameters();
			ExecutionContext job = step.getJobExecution().getExecutionContext();
			List<String> read = Arrays.stream(job.getString(RegistryDiscoveryTasklet.READ, "").split(","))
				.filter(name -> !name.isEmpty())
				.toList();
			Shard shard = Shard.of(parameters, System.getenv());
			String ofShard = (shard.shards() > 1) ? " (" + shard + ")" : "";
			RescanPolicy policy = new RescanPolicy(rescan.maxAge(), rescan.retryBackoff(),
					JobParameterRules.flag(parameters, "force"));
			Redactor redactor = new Redactor();
			registries.registries().forEach(registry -> redactor.add(registry.password()));
			ScannerProcess process = new ScannerProcess(scanner, home.workDir("registry-rescan"), redactor);
			List<TrackedImage> registryImages = store.seenAt(read,
					LocalDateTime.parse(job.getString(RegistryDiscoveryTasklet.SEEN_AT)));
			RunningImageQueue.Queue running = queue.load(registries.registries(), registryImages);
			List<ImageRescan.Candidates> candidates = new ArrayList<>();
			candidates.add(new ImageRescan.Candidates(registryImages, store));
			if (rescan.runningImages()) {
				candidates.add(new ImageRescan.Candidates(running.images(), queueStore));
			}
			List<ImageRescan.Outcome> outcomes = new ImageRescan(scans, process, registries.registries(),
					scanner.parallelism())
				.run(candidates, policy, shard);
			ImageRescan.Outcome outcome = outcomes.get(0);
			contribution.incrementWriteCount(outcomes.stream().mapToInt(ImageRescan.Outcome::scanned).sum());
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			JobSummary.add(step, String.format(
					"Scans%s: %d run (%d succeeded, %d failed), %d skipped as fresh; took %.1f s", ofShard,
					outcome.scanned() + outcome.failed(), outcome.scanned(), outcome.failed(), outcome.fresh(),
					took.toMillis() / 1000.0));
			if (rescan.runningImages()) {
				ImageRescan.Outcome queued = outcomes.get(1);
				JobSummary.add(step, String.format(
						"Running images never scanned%s: %d queued, %d scanned, %d failed, %d waiting to retry after"
								+ " a failed scan",
						ofShard, queued.scanned() + queued.failed() + queued.fresh(), queued.scanned(), queued.failed(),
						queued.fresh()));
			}
			else if (!running.images().isEmpty()) {
				JobSummary.add(step, "Running images never scanned: " + running.images().size()
						+ " queued, none scanned (assay.rescan.running-images=false)");
			}
			skipped(step, running.skipped());
			return RepeatStatus.FINISHED;
		}, outsideTransactions()).allowStartIfComplete(true).build();
	}

	/** Queued references no scanner could be given; the runtime view keeps them UNKNOWN. */
	private static void skipped(StepExecution step, List<String> skipped) {
		skipped.forEach(reason -> log.warn("Running image not scanned: {}", reason));
		if (!skipped.isEmpty()) {
			JobSummary.add(step, "  skipped " + skipped.size() + " running images: " + skipped.get(0)
					+ ((skipped.size() > 1) ? "; ... (see the log)" : ""));
		}
	}

	/**
	 * Reading registries and running scanners takes minutes to hours: no database transaction is
	 * held open for it. Each write commits on its own ({@link RegistryStore}, {@link ImageScans}).
	 */
	private static PlatformTransactionManager outsideTransactions() {
		return new ResourcelessTransactionManager();
	}

	@Bean
	Step checkRegistriesStep(JobRepository jobRepository, PlatformTransactionManager transactionManager) {
		return new StepBuilder("checkRegistriesStep", jobRepository).tasklet((contribution, context) -> {
			String errors = contribution.getStepExecution()
				.getJobExecution()
				.getExecutionContext()
				.getString(RegistryDiscoveryTasklet.ERRORS, "");
			if (!errors.isEmpty()) {
				List<String> each = List.of(errors.split("\n"));
				throw new RegistryException(each.get(0) + ((each.size() > 1) ? " (and " + (each.size() - 1)
						+ " more registries could not be read; see the summary)" : "")
						+ " The images of the registries that could be read were scanned.");
			}
			return RepeatStatus.FINISHED;
		}, transactionManager).allowStartIfComplete(true).build();
	}

}
