package dev.assay.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.assay.AssayHome;
import dev.assay.StatusContributor;
import dev.assay.batch.JobOutcome;
import dev.assay.batch.JobRunner;
import picocli.CommandLine.Command;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;

/**
 * {@code assay demo}: runs the jobs against the small demo inputs shipped in the jar (from
 * {@code config/demo/}), on the embedded database unless told otherwise, and shows the status.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
		description = { "Runs kev-ingest and epss-ingest against the demo inputs shipped with assay,",
				"then shows the status. Needs no network and no database server." })
class DemoCommand extends ContextCommand {

	/** Job, demo file the job reads. */
	private static final Map<String, String> JOBS = new LinkedHashMap<>();

	static {
		JOBS.put("kev-ingest", "kev.json");
		JOBS.put("epss-ingest", "epss_scores-demo.csv");
	}

	@Override
	int call(ConfigurableApplicationContext context) {
		Path folder = context.getBean(AssayHome.class).workDir("demo");
		JobRunner runner = context.getBean(JobRunner.class);
		int exitCode = 0;
		for (Map.Entry<String, String> job : JOBS.entrySet()) {
			Path input = extract(job.getValue(), folder);
			JobOutcome outcome = runner.run(job.getKey(), Map.of("url", input.toUri().toString()));
			out().println(job.getKey() + ": " + outcome.message());
			exitCode = Math.max(exitCode, outcome.exitCode());
		}
		context.getBeanProvider(StatusContributor.class)
			.orderedStream()
			.forEach(contributor -> out().println(contributor.path() + ": " + contributor.describe()));
		return exitCode;
	}

	private static Path extract(String name, Path folder) {
		Path target = folder.resolve(name);
		try (InputStream in = new ClassPathResource("demo/" + name).getInputStream()) {
			Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot extract the demo input " + name + " to " + folder, ex);
		}
	}

}
