package dev.assay.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.assay.batch.JobOutcome;
import dev.assay.batch.JobRunner;
import dev.assay.batch.JobSummary;
import dev.assay.schedule.Pipeline;
import dev.assay.schedule.PipelineRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.springframework.context.ConfigurableApplicationContext;

/** {@code assay run <job> [name=value ...]}: runs one job to completion. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Runs one job to completion.",
		footer = { "", "Jobs: epss-ingest, kev-ingest, scan-import, registry-rescan and runtime-reconcile (each then",
				"assess), assess, export.",
				"pipeline runs them all in order; a failed job does not stop the ones after it.",
				"A failed run started again with the same parameters resumes where it failed." })
class RunCommand extends ContextCommand {

	private static final Pattern PARAMETER = Pattern.compile("([a-z][a-z0-9.-]*)=(.*)");

	@Parameters(index = "0", paramLabel = "<job>", description = "the job to run")
	String job;

	@Parameters(index = "1..*", paramLabel = "name=value", description = "job parameters, e.g. force=true")
	List<String> parameters = List.of();

	private Map<String, String> parsed;

	@Override
	void checkUsage() {
		this.parsed = parse(this.parameters);
		if (Pipeline.NAME.equals(this.job) && !this.parsed.isEmpty()) {
			throw new UsageException("The pipeline takes no parameters; it runs every job with its configured settings.");
		}
	}

	@Override
	public int call(ConfigurableApplicationContext context) {
		if (Pipeline.NAME.equals(this.job)) {
			return runPipeline(context);
		}
		JobOutcome outcome = context.getBean(JobRunner.class).run(this.job, this.parsed);
		out().println(this.job + ": " + outcome.message());
		if (outcome.execution() != null && !JobSummary.of(outcome.execution()).isEmpty()) {
			out().println("  " + JobSummary.of(outcome.execution()).replace("\n", "\n  "));
		}
		return outcome.exitCode();
	}

	private int runPipeline(ConfigurableApplicationContext context) {
		PipelineRun run = context.getBean(Pipeline.class).run();
		for (JobOutcome step : run.steps()) {
			out().println(step.job() + ": " + step.message());
		}
		out().println(Pipeline.NAME + ": " + run.headline());
		return run.exitCode();
	}

	private static Map<String, String> parse(List<String> parameters) {
		Map<String, String> parsed = new LinkedHashMap<>();
		for (String parameter : parameters) {
			var matcher = PARAMETER.matcher(parameter);
			if (!matcher.matches()) {
				throw new UsageException("Malformed job parameter '" + parameter
						+ "': expected name=value with a lower-case name, e.g. force=true.");
			}
			if (parsed.put(matcher.group(1), matcher.group(2)) != null) {
				throw new UsageException("Job parameter '" + matcher.group(1) + "' is given twice.");
			}
		}
		return parsed;
	}

}
