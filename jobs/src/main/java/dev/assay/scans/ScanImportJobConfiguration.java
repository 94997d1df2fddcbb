package dev.assay.scans;

import java.nio.file.Path;
import java.util.concurrent.Future;

import dev.assay.AssayHome;
import dev.assay.batch.JobParameterRules;
import dev.assay.batch.JobSummary;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code scan-import} job: imports the Grype, Trivy and CycloneDX reports of a folder
 * ({@code dir=}, else {@code assay.import.dir}) or one file ({@code file=}). See {@link ReportSource}
 * for which files are taken and {@link ScanStore} for what a report changes.
 * <p>
 * One chunk-oriented step: files are hashed and parsed ahead of the step, one thread per processor
 * (see {@link ReadAheadReportReader}), and written {@value #REPORTS_PER_CHUNK} at a time in one
 * transaction. A file already
 * imported (by its bytes) is passed over; a file that cannot be imported is skipped and reported,
 * and the job still completes. A run that failed (the database went away) is resumed by running it
 * again: what it committed counts as imported, the rest is imported then.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ScanImportProperties.class)
class ScanImportJobConfiguration {

	/**
	 * Reports written per transaction. More means fewer commits and round trips per report (the
	 * benchmark's 2,000 reports import 12% faster at 50 than at 20), but the chunk's reports are all
	 * held in memory, with as many read ahead, and a report can hold tens of thousands of findings:
	 * the heap must hold 100 of the largest reports parsed.
	 */
	static final int REPORTS_PER_CHUNK = 50;

	@Bean
	Job scanImportJob(JobRepository jobRepository, JobSummary jobSummary, Step importScansStep, Step assessStep,
			ScanImportProperties properties, AssayHome home) {
		JobParameterRules rules = JobParameterRules.allowing("dir", "file");
		Path importFolder = properties.folder(home);
		return new JobBuilder("scan-import", jobRepository).validator(parameters -> {
			rules.validate(parameters);
			ReportSource.of(parameters, importFolder);
		}).listener(jobSummary).start(importScansStep)
			// New scans are judged at once, so no result is ever read from a stale assessment.
			.next(assessStep)
			.build();
	}

	@Bean
	Step importScansStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ReadAheadReportReader reportFileReader, ScanWriter scanWriter, ImportSummary importSummary) {
		return new StepBuilder("importScansStep", jobRepository)
			.<Future<ImportedReport>, ImportedReport>chunk(REPORTS_PER_CHUNK)
			.transactionManager(transactionManager)
			.reader(reportFileReader)
			.processor(ReadAheadReportReader::await)
			.writer(scanWriter)
			.faultTolerant()
			.skipPolicy((failure, skipped) -> failure instanceof ReportException)
			.listener(importSummary)
			.build();
	}

	/**
	 * The step opens and closes the reader as an item stream. Spring must not close it as well when
	 * the step scope ends: stopping a job ends that scope from the stopping thread, while the step
	 * still finishes its chunk with the files the reader's workers are reading.
	 */
	@Bean(destroyMethod = "")
	@StepScope
	ReadAheadReportReader reportFileReader(@Value("#{stepExecution}") StepExecution step,
			ScanImportProperties properties, AssayHome home, ScanStore store, ImportSummary importSummary) {
		// A chunk's worth of files is read while the chunk before it is written.
		return new ReadAheadReportReader(step, source(step, properties, home).files(),
				new ReportFileProcessor(store, importSummary), REPORTS_PER_CHUNK);
	}

	@Bean
	ScanWriter scanWriter(ScanStore store, ImportSummary importSummary) {
		return new ScanWriter(store, importSummary);
	}

	@Bean
	@StepScope
	ImportSummary importSummary(@Value("#{stepExecution}") StepExecution step, ScanImportProperties properties,
			AssayHome home) {
		return new ImportSummary(source(step, properties, home));
	}

	private static ReportSource source(StepExecution step, ScanImportProperties properties, AssayHome home) {
		try {
			return ReportSource.of(step.getJobParameters(), properties.folder(home));
		}
		catch (InvalidJobParametersException ex) {
			// The job checked the parameters before it started; the folder or file went away since.
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

}
