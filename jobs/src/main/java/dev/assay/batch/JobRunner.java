package dev.assay.batch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Runs one named job to completion, at most once at a time per database.
 * <p>
 * Exclusivity comes from a MariaDB named lock held on its own connection for the whole run: the
 * server frees it when that connection or process dies, so a killed run never blocks the next
 * one. Holding the lock also proves that any execution the repository still calls running is the
 * remnant of a dead process; such executions are marked failed so they can be restarted.
 * <p>
 * A run whose previous execution with the same parameters failed restarts it, so Spring Batch
 * resumes at the failed step; otherwise a new job instance starts (a {@code run.id} parameter
 * tells the instances apart).
 */
@Component
public class JobRunner {

	static final String RUN_ID = "run.id";

	/** How far back {@link #lastExecution(String, Shard)} looks for a shard's newest execution. */
	private static final int RECENT_INSTANCES = 200;

	/** Named locks are server-wide, so the name includes the schema of this database. */
	private static final String LOCK_NAME = "CONCAT('assay:', DATABASE(), ':', ?)";

	private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

	private final Map<String, Job> jobs;

	private final JobOperator operator;

	private final JobRepository repository;

	private final DataSource dataSource;

	public JobRunner(List<Job> jobs, JobOperator operator, JobRepository repository, DataSource dataSource) {
		this.jobs = jobs.stream().collect(Collectors.toMap(Job::getName, job -> job));
		this.operator = operator;
		this.repository = repository;
		this.dataSource = dataSource;
	}

	/** The names of the jobs this application can run, sorted. */
	public Set<String> jobNames() {
		return new TreeSet<>(this.jobs.keySet());
	}

	/** The newest execution of the job, {@code null} if it never ran. */
	public JobExecution lastExecution(String name) {
		JobInstance last = this.repository.getLastJobInstance(name);
		return (last != null) ? this.repository.getLastJobExecution(last) : null;
	}

	/**
	 * Runs the job and waits for it to end.
	 * @param name the job name
	 * @param parameters the job parameters as given on the command line
	 * @throws IllegalArgumentException for an unknown job or parameters the job refuses
	 */
	public JobOutcome run(String name, Map<String, String> parameters) {
		Job job = this.jobs.get(name);
		if (job == null) {
			throw new IllegalArgumentException(
					"Unknown job '" + name + "'. Jobs: " + String.join(", ", jobNames()) + ".");
		}
		JobParameters requested = toParameters(Shard.withCompletionIndex(parameters, System.getenv()));
		validate(job, requested);
		Shard shard = Shard.named(requested);
		String lock = name + shard.lockSuffix();
		try (Connection lockConnection = this.dataSource.getConnection()) {
			if (!tryLock(lockConnection, lock)) {
				return new JobOutcome(name, JobOutcome.Status.BUSY, null, "Job " + name + shard.describe()
						+ " is already running against this database; not started.");
			}
			try {
				recoverDeadExecutions(name, shard);
				return JobOutcome.of(launch(job, requested, shard));
			}
			finally {
				unlock(lockConnection, lock);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not take the lock for job " + name + ": " + ex.getMessage(), ex);
		}
	}

	private static JobParameters toParameters(Map<String, String> parameters) {
		JobParametersBuilder builder = new JobParametersBuilder();
		parameters.forEach(builder::addString);
		return builder.toJobParameters();
	}

	private static void validate(Job job, JobParameters parameters) {
		try {
			job.getJobParametersValidator().validate(parameters);
		}
		catch (InvalidJobParametersException ex) {
			throw new IllegalArgumentException("Invalid parameters for job " + job.getName() + ": " + ex.getMessage(),
					ex);
		}
	}

	private JobExecution launch(Job job, JobParameters requested, Shard shard) {
		try {
			JobExecution lastExecution = lastExecution(job.getName(), shard);
			if (lastExecution != null && isRestartable(lastExecution.getStatus())
					&& values(lastExecution.getJobParameters()).equals(values(requested))) {
				log.info("Restarting {} execution {} that ended {}", job.getName(), lastExecution.getId(),
						lastExecution.getStatus());
				return this.operator.restart(lastExecution);
			}
			long runId = (lastExecution != null) ? nextRunId(lastExecution.getJobParameters()) : 1;
			JobParameters parameters = new JobParametersBuilder(requested).addLong(RUN_ID, runId).toJobParameters();
			return this.operator.start(job, parameters);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not start job " + job.getName() + ": " + ex.getMessage(), ex);
		}
	}

	private static boolean isRestartable(BatchStatus status) {
		return status == BatchStatus.FAILED || status == BatchStatus.STOPPED;
	}

	/**
	 * The parameters by name, without the run id. {@link JobParameters#equals} will not do: a
	 * {@link JobParameter} equals any other of the same name, whatever its value.
	 */
	private static Map<String, Object> values(JobParameters parameters) {
		return parameters.parameters()
			.stream()
			.filter(parameter -> !RUN_ID.equals(parameter.name()))
			.collect(Collectors.toMap(JobParameter::name, JobParameter::value));
	}

	private static long nextRunId(JobParameters parameters) {
		Long runId = parameters.getLong(RUN_ID);
		return (runId != null) ? runId + 1 : 1;
	}

	/**
	 * The newest execution of the job's instances of this shard. Shards of one job run side by
	 * side, so the job's newest instance may be another shard's.
	 */
	private JobExecution lastExecution(String name, Shard shard) {
		if (shard.isWhole()) {
			return lastExecution(name);
		}
		JobExecution newest = null;
		for (JobInstance instance : this.repository.getJobInstances(name, 0, RECENT_INSTANCES)) {
			JobExecution execution = this.repository.getLastJobExecution(instance);
			if (execution != null && Shard.named(execution.getJobParameters()).equals(shard)
					&& (newest == null || execution.getId() > newest.getId())) {
				newest = execution;
			}
		}
		return (newest != null) ? newest : lastExecution(name);
	}

	/**
	 * Marks failed the executions that a dead process left running. Only this shard's: holding its
	 * lock proves that nobody runs it, while other shards may be running right now.
	 */
	private void recoverDeadExecutions(String name, Shard shard) {
		for (JobExecution execution : this.repository.findRunningJobExecutions(name)) {
			if (!Shard.named(execution.getJobParameters()).equals(shard)) {
				continue;
			}
			log.warn("Job {} execution {} was left {} by a process that ended; marking it failed so it can restart",
					name, execution.getId(), execution.getStatus());
			this.operator.recover(execution);
		}
	}

	private static boolean tryLock(Connection connection, String job) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT GET_LOCK(" + LOCK_NAME + ", 0)")) {
			statement.setString(1, job);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() && result.getInt(1) == 1;
			}
		}
	}

	private static void unlock(Connection connection, String job) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT RELEASE_LOCK(" + LOCK_NAME + ")")) {
			statement.setString(1, job);
			statement.execute();
		}
	}

}
