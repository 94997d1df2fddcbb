package dev.assay.export;

import java.util.stream.Collectors;

import dev.assay.batch.JobParameterRules;
import dev.assay.batch.JobSummary;
import dev.assay.export.ReportFile.ManifestEntry;
import dev.assay.export.ReportSetExport.Written;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code export} job: one step, {@code exportStep}, that writes a report set
 * ({@link ReportSetExport}) with the filters of its parameters ({@link ExportFilters}). The step
 * runs outside any transaction of its own: the assessment commits in its own, and the files are
 * read from one read-only snapshot. Its write count is the rows of {@code image-cves.csv}, else of
 * {@code images.csv}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExportProperties.class)
class ExportJobConfiguration {

	@Bean
	Job exportJob(JobRepository jobRepository, JobSummary jobSummary, Step exportStep) {
		JobParameterRules rules = JobParameterRules.allowing(ExportFilters.PARAMETERS.toArray(String[]::new));
		return new JobBuilder("export", jobRepository).validator(parameters -> {
			rules.validate(parameters);
			ExportFilters.of(parameters);
		}).listener(jobSummary).start(exportStep).build();
	}

	@Bean
	Step exportStep(JobRepository jobRepository, ReportSetExport export) {
		return new StepBuilder("exportStep", jobRepository).tasklet((contribution, context) -> {
			StepExecution step = contribution.getStepExecution();
			Written written = export.export(filters(step));
			contribution.incrementWriteCount(written.files()
				.stream()
				.filter(file -> file.name().endsWith(".csv"))
				.mapToLong(ManifestEntry::rows)
				.max()
				.orElse(0));
			JobSummary.add(step, "report set " + written.set() + ": " + written.files()
				.stream()
				.map(file -> file.name() + " " + file.rows() + " rows")
				.collect(Collectors.joining(", ")));
			if (!written.pruned().isEmpty()) {
				JobSummary.add(step, "pruned " + String.join(", ", written.pruned()));
			}
			return RepeatStatus.FINISHED;
		}, new ResourcelessTransactionManager())
			// Every run writes a new set from the data of its time: a restart starts over.
			.allowStartIfComplete(true)
			.build();
	}

	private static ExportFilters filters(StepExecution step) {
		try {
			return ExportFilters.of(step.getJobParameters());
		}
		catch (InvalidJobParametersException ex) {
			// The job checked the parameters before it started.
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

}
