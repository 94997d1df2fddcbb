package dev.assay.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.assay.batch.JobCounts;
import dev.assay.batch.JobRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code assay jobs}: the jobs and their last executions. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
		description = "Lists the jobs and their last executions (status, start, end, read/written/skipped).")
class JobsCommand extends ContextCommand {

	@Option(names = "--json", description = "one JSON object on stdout")
	boolean json;

	@Override
	int call(ConfigurableApplicationContext context) {
		JobRunner runner = context.getBean(JobRunner.class);
		List<Map<String, Object>> rows = new ArrayList<>();
		for (String name : runner.jobNames()) {
			rows.add(row(name, runner.lastExecution(name)));
		}
		if (this.json) {
			out().println(context.getBean(JsonMapper.class).writeValueAsString(Map.of("jobs", rows)));
			return 0;
		}
		String format = "%-20s %-10s %-19s %-19s %10s %10s %8s%n";
		out().printf(format, "JOB", "STATUS", "START", "END", "READ", "WRITTEN", "SKIPPED");
		for (Map<String, Object> row : rows) {
			out().printf(format, row.get("job"), orDash(row.get("status")), orDash(row.get("start")),
					orDash(row.get("end")), orDash(row.get("read")), orDash(row.get("written")),
					orDash(row.get("skipped")));
		}
		return 0;
	}

	private static Map<String, Object> row(String name, JobExecution execution) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("job", name);
		if (execution == null) {
			row.put("status", null);
			return row;
		}
		JobCounts counts = JobCounts.of(execution);
		row.put("status", execution.getStatus().toString());
		row.put("exitCode", execution.getExitStatus().getExitCode());
		row.put("start", timestamp(execution.getStartTime()));
		row.put("end", timestamp(execution.getEndTime()));
		row.put("read", counts.read());
		row.put("written", counts.written());
		row.put("skipped", counts.skipped());
		return row;
	}

	private static String timestamp(java.time.LocalDateTime time) {
		return (time != null) ? time.withNano(0).toString().replace('T', ' ') : null;
	}

	private static Object orDash(Object value) {
		return (value != null) ? value : "-";
	}

}
