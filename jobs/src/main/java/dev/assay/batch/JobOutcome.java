package dev.assay.batch;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/**
 * How one {@link JobRunner#run run} of a job ended, and the exit code the command line gives for it.
 *
 * @param job the job name
 * @param status {@code COMPLETED}, {@code FAILED} or {@code BUSY} (another run holds the job)
 * @param execution the job execution, {@code null} when the job did not start
 * @param message what happened, in one line
 */
public record JobOutcome(String job, Status status, JobExecution execution, String message) {

	public enum Status {

		COMPLETED(0), FAILED(1), BUSY(3);

		private final int exitCode;

		Status(int exitCode) {
			this.exitCode = exitCode;
		}

	}

	static JobOutcome of(JobExecution execution) {
		Status status = (execution.getStatus() == BatchStatus.COMPLETED) ? Status.COMPLETED : Status.FAILED;
		String reason = JobSummary.reason(execution);
		return new JobOutcome(execution.getJobInstance().getJobName(), status, execution,
				execution.getStatus() + ((reason == null) ? "" : ": " + reason));
	}

	public int exitCode() {
		return this.status.exitCode;
	}

}
