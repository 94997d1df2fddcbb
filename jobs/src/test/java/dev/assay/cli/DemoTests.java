package dev.assay.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.assay.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code assay demo} on a fresh home: the whole pipeline over config/demo, ending with a whole report set. */
class DemoTests {

	private static final Path DEMO = Path.of("..", "config", "demo").toAbsolutePath().normalize();

	private static final List<String> FILES = List.of("images.csv", "image-cves.csv", "images.json", "summary.json",
			"summary.html", "manifest.json");

	@TempDir
	Path home;

	@Test
	void theDemoRunsThePipelineAndWritesAWholeReportSet() throws Exception {
		// given: what the demo scan reports hold, counted from their JSON
		JsonMapper json = JsonMapper.builder().build();
		int findings = 0;
		int imagesWithFindings = 0;
		try (Stream<Path> reports = Files.list(DEMO.resolve("scans"))) {
			for (Path report : reports.toList()) {
				int count = findingsOf(json.readTree(report.toFile()));
				findings += count;
				imagesWithFindings += (count > 0) ? 1 : 0;
			}
		}

		// when
		Cli.Result result = new Cli("demo", this.home).run("demo");

		// then
		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(result.out()).contains("pipeline: 7 of 7 jobs completed");
		Matcher set = Pattern.compile("Report set: (.+)").matcher(result.out());
		assertThat(set.find()).as(result.out()).isTrue();
		Path folder = Path.of(set.group(1).trim());
		assertThat(folder).startsWith(this.home);
		for (String file : FILES) {
			assertThat(folder.resolve(file)).isNotEmptyFile();
		}
		assertThat(Files.readAllLines(folder.resolve("images.csv"))).hasSize(1 + imagesWithFindings);
		assertThat(Files.readAllLines(folder.resolve("image-cves.csv"))).hasSize(1 + findings);
		JsonNode manifest = json.readTree(folder.resolve("manifest.json").toFile());
		assertThat(manifest.get("files")).hasSize(FILES.size() - 1);
		for (JsonNode file : manifest.get("files")) {
			Path written = folder.resolve(file.get("name").stringValue());
			String sha256 = HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(written)));
			assertThat(file.get("sha256").stringValue()).as(written.toString()).isEqualTo(sha256);
		}
	}

	/** Grype matches, Trivy vulnerabilities of every result, CycloneDX vulnerabilities. */
	private static int findingsOf(JsonNode report) {
		if (report.has("matches")) {
			return report.get("matches").size();
		}
		if (report.has("Results")) {
			int count = 0;
			for (JsonNode result : report.get("Results")) {
				count += result.path("Vulnerabilities").size();
			}
			return count;
		}
		return report.path("vulnerabilities").size();
	}

}
