package dev.assay.runtime;

import dev.assay.batch.JobParameterRules;
import dev.assay.batch.JobSummary;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code runtime-reconcile} job: {@code reconcileRuntimeStep} reads every cluster and replaces
 * the running containers of those that answered ({@link RuntimeReconcile}); then the assess step
 * judges the running images never scanned (UNKNOWN, not scanned). No parameters.
 * <p>
 * With {@code assay.runtime.enabled=false} (the default) the job is a no-op that says so. It
 * completes when at least one cluster answered, naming those that failed; it fails (exit 1) only
 * when every cluster failed.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RuntimeProperties.class)
class RuntimeReconcileJobConfiguration {

	@Bean
	Job runtimeReconcileJob(JobRepository jobRepository, JobSummary jobSummary, Step reconcileRuntimeStep,
			Step assessStep, RuntimeProperties properties) {
		JobBuilder job = new JobBuilder("runtime-reconcile", jobRepository).validator(JobParameterRules.allowing())
			.listener(jobSummary);
		if (!properties.enabled()) {
			return job.start(reconcileRuntimeStep).build();
		}
		return job.start(reconcileRuntimeStep).next(assessStep).build();
	}

	/**
	 * Each cluster commits in a transaction of its own ({@link RuntimeStore}), so that a failure of
	 * the last one undoes none of the others: the step itself holds no transaction.
	 */
	@Bean
	Step reconcileRuntimeStep(JobRepository jobRepository, RuntimeReconcile reconcile, RuntimeProperties properties) {
		return new StepBuilder("reconcileRuntimeStep", jobRepository).tasklet((contribution, context) -> {
			if (!properties.enabled()) {
				JobSummary.add(contribution.getStepExecution(),
						"The runtime view is off (assay.runtime.enabled=false): no cluster was read.");
				contribution.setExitStatus(new ExitStatus(ExitStatus.NOOP.getExitCode(), "runtime view off"));
				return RepeatStatus.FINISHED;
			}
			ReconcileResult result = reconcile.reconcile();
			contribution.getStepExecution().setReadCount(result.containers());
			contribution.incrementWriteCount(result.rowsWritten());
			result.summary().forEach(line -> JobSummary.add(contribution.getStepExecution(), line));
			if (result.allFailed()) {
				throw new AllClustersFailedException("Every cluster failed (" + String.join(", ", result.failedClusters())
						+ "); each keeps its last snapshot, marked stale. See the summary for why.");
			}
			return RepeatStatus.FINISHED;
		}, new ResourcelessTransactionManager()).allowStartIfComplete(true).build();
	}

	/** Every cluster failed, so the job did not do its work. */
	static class AllClustersFailedException extends RuntimeException {

		AllClustersFailedException(String message) {
			super(message);
		}

	}

}
