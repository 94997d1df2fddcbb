package dev.assay.scans;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.assay.testing.Cli;
import dev.assay.testing.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Findings are bulk-loaded as tab-separated text: whatever a report writes in a field comes back
 * from the database as it was, tabs, line breaks, backslashes, "\N" and non-ASCII included.
 */
class FindingTextTests {

	private static final List<String> AWKWARD = List.of("tab\there", "line\nbreak", "carriage\rreturn",
			"back\\slash", "\\N", "trailing\\", "ünïcødé-包", "emoji-🐳", "quote\"and'apostrophe");

	@TempDir
	Path home;

	@Test
	void fieldTextSurvivesTheBulkLoad() throws Exception {
		// given: one Grype match per awkward text, used as package name, version and fixed version
		List<Map<String, Object>> matches = AWKWARD.stream()
			.map(text -> Map.<String, Object>of(
					"vulnerability", Map.of("id", "CVE-2024-" + (10000 + AWKWARD.indexOf(text)), "severity", "High",
							"fix", Map.of("versions", List.of(text + "-fix"), "state", "fixed")),
					"artifact", Map.of("name", text, "version", text + "-1", "type", "deb")))
			.toList();
		Map<String, Object> report = Map.of("matches", matches, "source",
				Map.of("type", "image", "target", Map.of("userInput", "registry.example/awkward:1",
						"manifestDigest", "sha256:" + "a".repeat(64))),
				"descriptor", Map.of("name", "grype", "version", "0.96.1"));
		Path file = this.home.resolve("awkward.json");
		Files.writeString(file, JsonMapper.builder().build().writeValueAsString(report));
		Cli cli = new Cli("scan_text", this.home);

		// when
		Cli.Result result = cli.run("run", "scan-import", "file=" + file);

		// then
		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		List<List<Object>> rows = new Sql(cli.jdbcUrl())
			.rows("SELECT package_name, package_version, fixed_version FROM finding ORDER BY vuln_id");
		assertThat(rows).containsExactlyElementsOf(
				AWKWARD.stream().map(text -> List.<Object>of(text, text + "-1", text + "-fix")).toList());
	}

}
