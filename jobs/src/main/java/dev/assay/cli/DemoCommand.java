package dev.assay.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import dev.assay.AssayHome;
import dev.assay.StatusContributor;
import dev.assay.batch.JobOutcome;
import dev.assay.export.LatestReportSet;
import dev.assay.schedule.Pipeline;
import dev.assay.schedule.PipelineRun;
import picocli.CommandLine.Command;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;

/**
 * {@code assay demo}: the whole pipeline on the demo inputs shipped in the jar (from
 * {@code config/demo/}), on the embedded database unless told otherwise, ending with the report
 * set it wrote. The {@code demo} profile points scan-import and runtime-reconcile at the folders
 * extracted here; the feed jobs get their files as job parameters.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
		description = { "Runs the whole pipeline against the demo inputs shipped with assay.",
				"Feeds, scans, running images, assessment and export, then the status and the report set",
				"it wrote. Needs no network and no database server." })
class DemoCommand extends ContextCommand {

	/** The demo inputs, under {@code demo/} in the jar and in {@code assay.home}. */
	private static final List<String> INPUTS = List.of("kev.json", "epss_scores-demo.csv",
			"scans/shop-api.grype.json", "scans/shop-web.trivy.json", "scans/billing-worker.cdx.json",
			"scans/platform-proxy.grype.json", "clusters/prod-eu/pods.json", "clusters/staging/pods.json");

	@Override
	String[] profiles() {
		return new String[] { "demo" };
	}

	@Override
	int call(ConfigurableApplicationContext context) {
		Path folder = context.getBean(AssayHome.class).workDir("demo");
		INPUTS.forEach(input -> extract(input, folder));
		PipelineRun run = context.getBean(Pipeline.class)
			.run(Map.of("kev-ingest", Map.of("url", folder.resolve("kev.json").toUri().toString()), "epss-ingest",
					Map.of("url", folder.resolve("epss_scores-demo.csv").toUri().toString())));
		for (JobOutcome step : run.steps()) {
			out().println(step.job() + ": " + step.message());
		}
		out().println(Pipeline.NAME + ": " + run.headline());
		context.getBeanProvider(StatusContributor.class)
			.orderedStream()
			.forEach(contributor -> out().println(contributor.path() + ": " + contributor.describe()));
		context.getBean(LatestReportSet.class)
			.folder()
			.ifPresent(set -> out().println("Report set: " + set));
		return run.exitCode();
	}

	private static void extract(String name, Path folder) {
		Path target = folder.resolve(name);
		try (InputStream in = new ClassPathResource("demo/" + name).getInputStream()) {
			Files.createDirectories(target.getParent());
			Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot extract the demo input " + name + " to " + folder, ex);
		}
	}

}
