package dev.assay.batch;

import java.util.Objects;

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
		// A flow job whose step failed has no exit description of its own: the reason is the
		// step's exception, as in JobSummary.
		String reason = execution.getAllFailureExceptions()
			.stream()
			.map(Throwable::getMessage)
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(execution.getExitStatus().getExitDescription());
		return new JobOutcome(execution.getJobInstance().getJobName(), status, execution,
				execution.getStatus() + ((reason == null || reason.isBlank()) ? "" : ": " + firstLine(reason)));
	}

	private static String firstLine(String text) {
		int end = text.indexOf('\n');
		return (end < 0) ? text : text.substring(0, end);
	}

	public int exitCode() {
		return this.status.exitCode;
	}

}
