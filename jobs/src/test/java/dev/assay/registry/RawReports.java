package dev.assay.registry;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.assay.testing.Fixtures;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Expected values read straight from the raw fixture JSON, without assay's readers. */
final class RawReports {

	private RawReports() {
	}

	/** Distinct vulnerability id, package name and version over a Grype report's matches. */
	static long grypeFindings(String fixture) {
		Set<List<String>> findings = new HashSet<>();
		for (JsonNode match : read(fixture).path("matches")) {
			findings.add(List.of(match.path("vulnerability").path("id").asString(),
					match.path("artifact").path("name").asString(), match.path("artifact").path("version").asString()));
		}
		return findings.size();
	}

	/** Distinct vulnerability id, package name and installed version over a Trivy report's results. */
	static long trivyFindings(String fixture) {
		Set<List<String>> findings = new HashSet<>();
		for (JsonNode result : read(fixture).path("Results")) {
			for (JsonNode vulnerability : result.path("Vulnerabilities")) {
				findings.add(List.of(vulnerability.path("VulnerabilityID").asString(),
						vulnerability.path("PkgName").asString(), vulnerability.path("InstalledVersion").asString()));
			}
		}
		return findings.size();
	}

	private static JsonNode read(String fixture) {
		return JsonMapper.shared().readTree(Fixtures.file(fixture).toFile());
	}

}
