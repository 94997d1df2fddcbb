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
		long read = 0;
		long written = 0;
		long skipped = 0;
		for (StepExecution step : execution.getStepExecutions()) {
			read += step.getReadCount();
			written += step.getWriteCount();
			skipped += step.getSkipCount() + step.getFilterCount();
		}
		LocalDateTime start = execution.getStartTime();
		Duration took = (start != null) ? Duration.between(start, LocalDateTime.now()) : Duration.ZERO;
		String lines = of(execution);
		String message = String.format("%s %s in %.1f s: read %d, written %d, skipped %d%s",
				execution.getJobInstance().getJobName(), execution.getStatus(), took.toMillis() / 1000.0, read, written,
				skipped, lines.isEmpty() ? "" : "\n  " + lines.replace("\n", "\n  "));
		if (execution.getStatus() == BatchStatus.COMPLETED) {
			log.info(message);
		}
		else {
			String cause = execution.getAllFailureExceptions()
				.stream()
				.map(Throwable::getMessage)
				.findFirst()
				.orElse(execution.getExitStatus().getExitDescription());
			log.error("{}\n  cause: {}", message, cause);
		}
	}

}
