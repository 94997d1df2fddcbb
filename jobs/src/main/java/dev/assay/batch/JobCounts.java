package dev.assay.batch;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * Items read, written and skipped over all steps of one job execution; filtered items count as
 * skipped.
 */
public record JobCounts(long read, long written, long skipped) {

	public static JobCounts of(JobExecution execution) {
		long read = 0;
		long written = 0;
		long skipped = 0;
		for (StepExecution step : execution.getStepExecutions()) {
			read += step.getReadCount();
			written += step.getWriteCount();
			skipped += step.getSkipCount() + step.getFilterCount();
		}
		return new JobCounts(read, written, skipped);
	}

}
