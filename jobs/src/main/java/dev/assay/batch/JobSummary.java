package dev.assay.batch;

import java.time.Duration;
import java.time.LocalDateTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;

/**
 * Ends every job with a short summary on the log: status, duration, counts read / written /
 * skipped, and the lines its steps {@link #add added} (snapshot versions, what changed).
 */
@Component
public class JobSummary implements JobExecutionListener {

	private static final String KEY = "assay.summary";

	private static final Logger log = LoggerFactory.getLogger(JobSummary.class);

	/** Adds a line to the summary of the job that runs this step; it survives restarts. */
	public static void add(StepExecution step, String line) {
		ExecutionContext context = step.getJobExecution().getExecutionContext();
		String previous = context.getString(KEY, "");
		context.putString(KEY, previous.isEmpty() ? line : previous + "\n" + line);
	}

	/** The summary lines of an execution, empty when none were added. */
	public static String of(JobExecution execution) {
		return execution.getExecutionContext().getString(KEY, "");
	}

	@Override
	public void afterJob(JobExecution execution) {
		JobCounts counts = JobCounts.of(execution);
		LocalDateTime start = execution.getStartTime();
		Duration took = (start != null) ? Duration.between(start, LocalDateTime.now()) : Duration.ZERO;
		String lines = of(execution);
		String message = String.format("%s %s in %.1f s: read %d, written %d, skipped %d%s",
				execution.getJobInstance().getJobName(), execution.getStatus(), took.toMillis() / 1000.0, counts.read(),
				counts.written(), counts.skipped(), lines.isEmpty() ? "" : "\n  " + lines.replace("\n", "\n  "));
		if (execution.getStatus() == BatchStatus.COMPLETED) {
			log.info(message);
		}
		else {
			Throwable failure = failure(execution);
			// assay's own exceptions say what went wrong and what to do; a stack trace would bury that.
			// Anything else is a bug or an outage that someone will want to trace.
			boolean explained = failure != null && failure.getClass().getName().startsWith("dev.assay.");
			if (explained || failure == null) {
				log.error("{}\n  cause: {}", message, reason(execution));
			}
			else {
				log.error("{}\n  cause: {}", message, reason(execution), failure);
			}
		}
	}

	/**
	 * Why the execution ended as it did, in one line: the message of the first failure, else the
	 * exit description; {@code null} when there is neither. A flow job whose step failed has no
	 * exit description of its own, so the step's exception is the reason.
	 */
	public static String reason(JobExecution execution) {
		Throwable failure = failure(execution);
		String reason = (failure != null) ? failure.getMessage() : execution.getExitStatus().getExitDescription();
		if (reason == null || reason.isBlank()) {
			return null;
		}
		int end = reason.indexOf('\n');
		return (end < 0) ? reason : reason.substring(0, end);
	}

	private static Throwable failure(JobExecution execution) {
		return execution.getAllFailureExceptions()
			.stream()
			.filter(ex -> ex.getMessage() != null)
			.findFirst()
			.orElse(null);
	}

}
