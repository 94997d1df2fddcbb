package dev.assay.assessment;

import dev.assay.batch.JobParameterRules;
import dev.assay.batch.JobSummary;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code assess} job: one step, {@code assessStep}, that brings every image's result up to
 * date with {@link Assessment#assessIfStale}. Other jobs (scan-import) end with the same step. The
 * parameter {@code force=true} re-assesses every image whatever changed; without it a run ends
 * with exit status {@code NOOP} when nothing had changed.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AssessmentProperties.class)
class AssessJobConfiguration {

	@Bean
	Job assessJob(JobRepository jobRepository, JobSummary jobSummary, Step assessStep) {
		return new JobBuilder("assess", jobRepository).validator(JobParameterRules.allowing().flags("force"))
			.listener(jobSummary)
			.start(assessStep)
			.build();
	}

	@Bean
	Step assessStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			Assessment assessment) {
		return new StepBuilder("assessStep", jobRepository).tasklet((contribution, context) -> {
			boolean force = JobParameterRules.flag(contribution.getStepExecution().getJobParameters(), "force");
			AssessmentRun run = force ? assessment.assessAll() : assessment.assessIfStale();
			contribution.incrementWriteCount(run.images());
			JobSummary.add(contribution.getStepExecution(), run.summary());
			if (!run.ran()) {
				contribution.setExitStatus(new ExitStatus(ExitStatus.NOOP.getExitCode(), "nothing changed"));
			}
			return RepeatStatus.FINISHED;
		}, transactionManager)
			// A restart of a job that ends with this step checks again: the rules may have changed since.
			.allowStartIfComplete(true)
			.build();
	}

}
