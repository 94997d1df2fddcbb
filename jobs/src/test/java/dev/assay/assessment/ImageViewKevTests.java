package dev.assay.assessment;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.assay.assessment.ImageRows.Finding;
import dev.assay.testing.Cli;
import dev.assay.testing.Fixtures;
import dev.assay.testing.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code assay image} marks the findings whose CVE is in the KEV catalog that kev-ingest loaded. */
class ImageViewKevTests {

	@TempDir
	Path home;

	@Test
	void findingsShowWhetherTheirCveIsInTheRealKevCatalog() {
		// given the real catalog, and findings on its first and last entries, a GHSA aliasing one, and a CVE it lacks
		Path catalog = Fixtures.file("kev/known_exploited_vulnerabilities.json");
		JsonNode entries = JsonMapper.shared().readTree(catalog.toFile()).get("vulnerabilities");
		Set<String> known = new HashSet<>();
		for (JsonNode entry : entries) {
			known.add(entry.get("cveID").stringValue());
		}
		String first = entries.get(0).get("cveID").stringValue();
		String last = entries.get(entries.size() - 1).get("cveID").stringValue();
		String absent = "CVE-2030-10001";
		assertThat(known).contains(first, last).doesNotContain(absent);
		Cli cli = new Cli("image_kev", this.home);
		Cli.Result loaded = cli.run("run", "kev-ingest", "url=" + catalog.toUri());
		assertThat(loaded.exitCode()).as(loaded.err()).isZero();
		List<Finding> findings = List.of(new Finding(first, first, "first", "1", null, new BigDecimal("9.8")),
				new Finding(last, last, "last", "1", null, new BigDecimal("8.8")),
				new Finding("GHSA-xxxx-yyyy-zzzz", first, "alias", "1", null, new BigDecimal("7.5")),
				new Finding(absent, absent, "absent", "1", null, new BigDecimal("5.0")));
		new ImageRows(new Sql(cli.jdbcUrl())).image("ghcr.io", "org/app", "sha256:" + "e".repeat(64), List.of("1.0"),
				"SCANNED", null, findings);

		// when
		Cli.Result result = cli.run("image", "ghcr.io/org/app:1.0", "--json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		Map<String, Boolean> kevByPackage = new HashMap<>();
		for (JsonNode finding : JsonMapper.shared().readTree(result.out()).get("findings")) {
			kevByPackage.put(finding.get("package").stringValue(), finding.get("kev").asBoolean());
		}
		Map<String, Boolean> expected = new HashMap<>();
		for (Finding finding : findings) {
			expected.put(finding.packageName(), known.contains(finding.cve()));
		}
		assertThat(kevByPackage).isEqualTo(expected);
		assertThat(new ArrayList<>(kevByPackage.values())).contains(true, false);
	}

}
