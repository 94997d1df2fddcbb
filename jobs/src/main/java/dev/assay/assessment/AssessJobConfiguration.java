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
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code assess} job, and its one step {@code assessStep} that other jobs (scan-import) end
 * with. Parameter {@code force=true} re-assesses every image even if nothing changed; without it a
 * run with nothing to do ends with exit status {@code NOOP}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AssessmentProperties.class)
class AssessJobConfiguration {

	@Bean
	Job assessJob(JobRepository jobRepository, Step assessStep, JobSummary jobSummary) {
		return new JobBuilder("assess", jobRepository).validator(JobParameterRules.allowing().flags("force"))
			.listener(jobSummary)
			.start(assessStep)
			.build();
	}

	/** Runs outside a step transaction: the assessment commits its own, whole. */
	@Bean
	Step assessStep(JobRepository jobRepository, Assessment assessment) {
		return new StepBuilder("assessStep", jobRepository).tasklet((contribution, context) -> {
			var step = contribution.getStepExecution();
			boolean force = JobParameterRules.flag(step.getJobParameters(), "force");
			AssessmentRun run = force ? assessment.assessAll() : assessment.assessIfStale();
			if (!run.ran()) {
				contribution.setExitStatus(ExitStatus.NOOP);
				JobSummary.add(step, "Assessment: nothing changed since the last one");
				return RepeatStatus.FINISHED;
			}
			contribution.incrementWriteCount(run.images());
			JobSummary.add(step, String.format("Assessment (%s): %d images, %s; %d results changed; thresholds warn %s,"
					+ " fail %s", run.why(), run.images(), run.results(), run.changes(),
					assessment.thresholds().warnThreshold(), assessment.thresholds().failThreshold()));
			return RepeatStatus.FINISHED;
		}, new ResourcelessTransactionManager()).build();
	}

}
