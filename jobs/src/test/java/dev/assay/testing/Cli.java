package dev.assay.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.assay.cli.AssayCli;

/**
 * Runs assay's command line in this JVM against one test database and home folder, the way a user
 * would run the jar, and keeps what it printed.
 */
public final class Cli {

	private final String[] springArgs;

	public Cli(String prefix, Path home) {
		this.springArgs = TestDatabase.springArgs(prefix, home);
	}

	/** The JDBC URL of this CLI's database. */
	public String jdbcUrl() {
		return this.springArgs[0].substring("--spring.datasource.url=".length());
	}

	public Result run(String... args) {
		List<String> all = new ArrayList<>(Arrays.asList(args));
		all.addAll(Arrays.asList(this.springArgs));
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = AssayCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
		return new Result(exit, out.toString(), err.toString());
	}

	/** The last execution of one job as {@code jobs --json} shows it. */
	public tools.jackson.databind.JsonNode lastExecution(String job) {
		Result jobs = run("jobs", "--json");
		for (tools.jackson.databind.JsonNode node : tools.jackson.databind.json.JsonMapper.shared()
			.readTree(jobs.out())
			.get("jobs")) {
			if (job.equals(node.get("job").stringValue())) {
				return node;
			}
		}
		throw new AssertionError("No job " + job + " in: " + jobs.out());
	}

	/** What one command did: exit code, stdout, and what the command itself wrote to stderr. */
	public record Result(int exitCode, String out, String err) {
	}

}
