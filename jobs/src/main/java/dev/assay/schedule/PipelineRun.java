package dev.assay.schedule;

import java.util.List;

import dev.assay.batch.JobOutcome;

/**
 * How one run of the {@link Pipeline} ended: the outcome of every job, in pipeline order.
 *
 * @param steps one outcome per job of the pipeline
 */
public record PipelineRun(List<JobOutcome> steps) {

	/** The jobs that failed, in pipeline order. */
	public List<String> failed() {
		return this.steps.stream().filter(step -> step.status() == JobOutcome.Status.FAILED).map(JobOutcome::job).toList();
	}

	/** The jobs that another process was running, so this pipeline left them alone. */
	public List<String> busy() {
		return this.steps.stream().filter(step -> step.status() == JobOutcome.Status.BUSY).map(JobOutcome::job).toList();
	}

	/**
	 * 1 when any job failed, else 0. A job another process was running is not a failure: that run
	 * brings its data up to date.
	 */
	public int exitCode() {
		return failed().isEmpty() ? 0 : 1;
	}

	/** One line: how many jobs ran, and which failed or were busy. */
	public String headline() {
		String headline = (this.steps.size() - failed().size() - busy().size()) + " of " + this.steps.size()
				+ " jobs completed";
		if (!failed().isEmpty()) {
			headline += "; failed: " + String.join(", ", failed());
		}
		if (!busy().isEmpty()) {
			headline += "; already running elsewhere, not run: " + String.join(", ", busy());
		}
		return headline;
	}

}
