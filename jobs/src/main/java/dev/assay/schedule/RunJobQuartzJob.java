package dev.assay.schedule;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;

import dev.assay.batch.JobOutcome;
import dev.assay.batch.JobRunner;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * The bridge from a Quartz trigger to a Spring Batch job: runs the job named in the job data through
 * {@link JobRunner}, so it takes the job's lock and resumes its failed run like {@code assay run}.
 * <p>
 * Quartz does not run it twice at once for one job, on any replica
 * ({@link DisallowConcurrentExecution} holds across the clustered job store). When the scheduler
 * shuts down it is {@link #interrupt interrupted}: it asks Spring Batch to stop the execution it
 * started, which ends after the chunk in progress and is resumed by the next run.
 */
@DisallowConcurrentExecution
public class RunJobQuartzJob extends QuartzJobBean implements InterruptableJob {

	/** The job data key of the job name. */
	static final String JOB = "job";

	private static final Logger log = LoggerFactory.getLogger(RunJobQuartzJob.class);

	private final JobRunner runner;

	private final JobRepository repository;

	private final JobOperator operator;

	private String job;

	private volatile LocalDateTime firedAt;

	RunJobQuartzJob(JobRunner runner, JobRepository repository, JobOperator operator) {
		this.runner = runner;
		this.repository = repository;
		this.operator = operator;
	}

	/** Set by {@link QuartzJobBean} from the job data. */
	public void setJob(String job) {
		this.job = job;
	}

	@Override
	protected void executeInternal(JobExecutionContext context) throws JobExecutionException {
		this.firedAt = LocalDateTime.ofInstant(context.getFireTime().toInstant(), ZoneId.systemDefault());
		JobOutcome outcome = this.runner.run(this.job, Map.of());
		switch (outcome.status()) {
			case COMPLETED -> log.info("Scheduled {}: {}", this.job, outcome.message());
			case BUSY -> log.info("Scheduled {} not run: {}", this.job, outcome.message());
			// The job summary has logged why; Quartz needs no exception, the next fire resumes it.
			case FAILED -> log.warn("Scheduled {}: {}", this.job, outcome.message());
		}
	}

	/**
	 * Stops the Batch execution of this job that this fire started. An execution created before the
	 * fire belongs to another process (this fire then found the job busy) and is left alone.
	 */
	@Override
	public void interrupt() {
		LocalDateTime since = this.firedAt;
		if (since == null) {
			return;
		}
		for (JobExecution execution : this.repository.findRunningJobExecutions(this.job)) {
			if (execution.getCreateTime() != null && !execution.getCreateTime().isBefore(since)) {
				try {
					log.info("Stopping {} execution {} after its current chunk", this.job, execution.getId());
					this.operator.stop(execution);
				}
				catch (Exception ex) {
					log.warn("Could not stop {} execution {}: {}", this.job, execution.getId(), ex.getMessage());
				}
			}
		}
	}

}
