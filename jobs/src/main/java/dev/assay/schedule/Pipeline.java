package dev.assay.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.assay.batch.JobOutcome;
import dev.assay.batch.JobRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * {@code run pipeline}: every job in {@link #JOBS} order, one after the other, each through
 * {@link JobRunner} so it takes its own lock and resumes its own failed run. A job that fails does
 * not stop the ones after it: a feed that could not be fetched leaves the last good data, and the
 * scans, assessment and export are still worth doing.
 * <p>
 * A runner over {@link JobRunner} rather than a Batch job of job steps: a job step would launch each
 * job with the pipeline's parameters and restart semantics, bypassing the per-job lock and the
 * "resume the failed run with the same parameters" rule that {@code run <job>} and the scheduler
 * follow.
 */
@Component
public class Pipeline {

	/** The name {@code run} takes for the whole pipeline. */
	public static final String NAME = "pipeline";

	/**
	 * The one list of the pipeline's jobs, in order: the feeds first (assessment reads them), then
	 * the scans and the running images, then the judgement and the reports.
	 */
	static final List<String> JOBS = List.of("kev-ingest", "epss-ingest", "scan-import", "registry-rescan",
			"runtime-reconcile", "assess", "export");

	private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

	private final JobRunner runner;

	Pipeline(JobRunner runner) {
		this.runner = runner;
	}

	/** Runs every job of the pipeline to its end, whatever the ones before it did. */
	public PipelineRun run() {
		return run(Map.of());
	}

	/**
	 * Runs every job of the pipeline to its end, some with job parameters.
	 * @param parametersByJob parameters by job name; a job not named runs without any
	 */
	public PipelineRun run(Map<String, Map<String, String>> parametersByJob) {
		List<JobOutcome> steps = new ArrayList<>();
		for (String job : JOBS) {
			log.info("Pipeline: starting {}", job);
			steps.add(runOne(job, parametersByJob.getOrDefault(job, Map.of())));
		}
		PipelineRun run = new PipelineRun(steps);
		log.info("Pipeline ended: {}", run.headline());
		return run;
	}

	private JobOutcome runOne(String job, Map<String, String> parameters) {
		try {
			return this.runner.run(job, parameters);
		}
		catch (RuntimeException ex) {
			// The job could not even start (database gone, lock query failed): the next one may still.
			log.error("Pipeline: {} could not run: {}", job, ex.getMessage());
			return new JobOutcome(job, JobOutcome.Status.FAILED, null, "not run: " + ex.getMessage());
		}
	}

}
