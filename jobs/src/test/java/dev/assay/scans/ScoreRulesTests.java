package dev.assay.scans;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.assay.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Which CVSS score counts for a finding: NVD's highest v3 score, else any source's, a vector
 * without a score scored from the vector, unusable scores ignored, v2 and v4 kept but not counted.
 * The reports are written here, small, with the values the assertions expect.
 */
class ScoreRulesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path dir;

	@Test
	void nvdScoreWinsOverAHigherScoreFromAnotherSource() throws IOException {
		ScanReport report = read(grype("""
				{"vulnerability": {"id": "CVE-2023-38473", "namespace": "redhat:distro:redhat:8", "severity": "Medium",
				  "cvss": [{"version": "3.1", "vector": "CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
				            "metrics": {"baseScore": 6.2}}]},
				 "relatedVulnerabilities": [{"id": "CVE-2023-38473", "namespace": "nvd:cpe", "cvss": [
				   {"source": "nvd@nist.gov", "version": "3.1", "vector": "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H",
				    "metrics": {"baseScore": 5.5}},
				   {"source": "secalert@redhat.com", "version": "3.1", "metrics": {"baseScore": 6.2}}]}],
				 "artifact": {"name": "avahi-libs", "version": "0.7-20.el8", "type": "rpm"}}"""));

		Finding finding = report.findings().get(0);
		assertThat(finding.cvssV3())
			.isEqualTo(new Cvss(5.5, "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H", "nvd@nist.gov"));
		assertThat(report.maxScore()).isEqualTo(5.5);
	}

	@Test
	void highestOfSeveralNvdScoresCounts() throws IOException {
		ScanReport report = read(trivy("""
				{"VulnerabilityID": "CVE-2020-1", "PkgName": "openssl", "InstalledVersion": "1.1",
				 "CVSS": {"nvd": {"V3Score": 7.5}, "redhat": {"V3Score": 9.9}}},
				{"VulnerabilityID": "CVE-2020-1", "PkgName": "openssl", "InstalledVersion": "1.1",
				 "CVSS": {"nvd": {"V3Score": 8.1}}}"""));

		assertThat(report.findings()).hasSize(1);
		assertThat(report.findings().get(0).cvssV3()).isEqualTo(new Cvss(8.1, null, "nvd"));
	}

	@Test
	void anotherSourceCountsWhereNvdGivesNoV3Score() throws IOException {
		ScanReport report = read(trivy("""
				{"VulnerabilityID": "CVE-2020-2", "PkgName": "zlib", "InstalledVersion": "1.2",
				 "CVSS": {"nvd": {"V2Score": 9.3, "V2Vector": "AV:N/AC:M/Au:N/C:C/I:C/A:C"},
				          "redhat": {"V3Score": 6.1}, "ghsa": {"V3Score": 7.2}}}"""));

		Finding finding = report.findings().get(0);
		assertThat(finding.cvssV3()).isEqualTo(new Cvss(7.2, null, "ghsa"));
		assertThat(finding.cvssV2()).isEqualTo(new Cvss(9.3, "AV:N/AC:M/Au:N/C:C/I:C/A:C", "nvd"));
	}

	@Test
	void earlyGrypeCvssV3CountsThoughItNamesNoSource() throws IOException {
		ScanReport report = read(grype("""
				{"vulnerability": {"id": "CVE-2019-18276", "severity": "Negligible", "fixedInVersion": "5.0-5",
				  "cvssV2": {"baseScore": 7.2, "vector": "AV:L/AC:L/Au:N/C:C/I:C/A:C"},
				  "cvssV3": {"baseScore": 7.8, "vector": "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H"}},
				 "matchDetails": {"matcher": "dpkg-matcher"},
				 "artifact": {"name": "bash", "version": "5.0-4", "type": "deb"}}"""));

		Finding finding = report.findings().get(0);
		assertThat(finding.score()).isEqualTo(7.8);
		assertThat(finding.cvssV2().score()).isEqualTo(7.2);
		assertThat(finding.fixedVersion()).isEqualTo("5.0-5");
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({
			// id as published, its NVD v3 vector, NVD's base score for it (checked by hand on nvd.nist.gov)
			"CVE-2021-44228, CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H, 10.0",
			"CVE-2014-0160, CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N, 7.5",
			"CVE-2016-2781, CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:C/C:N/I:H/A:N, 6.5",
			"CVE-2011-3374, CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:L/A:N, 3.7",
			"CVE-2019-18276, CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H, 7.8",
			"CVE-2018-7489, AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, 9.8" })
	void vectorWithoutScoreIsScoredFromTheVector(String id, String vector, double nvdScore) throws IOException {
		ScanReport report = read(cycloneDx("""
				{"id": "%s", "ratings": [{"source": {"name": "NVD"}, "method": "%s", "vector": "%s"}],
				 "affects": [{"ref": "pkg:deb/debian/app@1.0"}]}"""
			.formatted(id, vector.startsWith("CVSS:3.0") ? "CVSSv3" : "CVSSv31", vector)));

		assertThat(report.findings().get(0).cvssV3()).isEqualTo(new Cvss(nvdScore, vector, "NVD"));
	}

	@Test
	void everyNvdVectorInTheFixturesScoresAsTheFixtureScoredIt() throws IOException {
		Map<String, Double> scoreByVector = new LinkedHashMap<>();
		for (String folder : List.of("trivy", "grype")) {
			try (Stream<Path> files = Files.walk(Fixtures.root().resolve(folder))) {
				files.filter(file -> file.toString().matches(".*\\.json(\\.golden)?$"))
					.forEach(file -> collectV3Pairs(JSON.readTree(file), scoreByVector));
			}
		}
		ArrayNode vulnerabilities = JSON.createArrayNode();
		List<String> vectors = new ArrayList<>(scoreByVector.keySet());
		for (int i = 0; i < vectors.size(); i++) {
			ObjectNode vulnerability = vulnerabilities.addObject()
				.put("VulnerabilityID", "CVE-2000-" + (1000 + i))
				.put("PkgName", "pkg")
				.put("InstalledVersion", "1");
			vulnerability.putObject("CVSS").putObject("nvd").put("V3Vector", vectors.get(i));
		}
		ScanReport report = read(trivy(vulnerabilities.toString().replaceAll("^\\[|\\]$", "")));

		assertThat(vectors).hasSizeGreaterThan(50);
		for (int i = 0; i < vectors.size(); i++) {
			assertThat(report.scoreById().get("CVE-2000-" + (1000 + i))).as(vectors.get(i))
				.isEqualTo(scoreByVector.get(vectors.get(i)));
		}
	}

	@Test
	void unusableScoresAreIgnoredAndTheFindingKept() throws IOException {
		String log4Shell = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H";
		ScanReport report = read(grype(String.join(",", match("CVE-2024-0001", "11.0", null),
				match("CVE-2024-0002", "-0.5", null), match("CVE-2024-0003", "NaN", null),
				match("CVE-2024-0004", "\"NaN\"", null), match("CVE-2024-0005", "Infinity", null),
				match("CVE-2024-0006", "\"high\"", null), match("CVE-2024-0007", "10.5", log4Shell),
				match("CVE-2024-0008", "\"7.5\"", null))));

		assertThat(report.scoreById()).containsExactly(entry("CVE-2024-0001", null), entry("CVE-2024-0002", null),
				entry("CVE-2024-0003", null), entry("CVE-2024-0004", null), entry("CVE-2024-0005", null),
				entry("CVE-2024-0006", null), entry("CVE-2024-0007", 10.0), entry("CVE-2024-0008", 7.5));
		assertThat(report.countsByBand()).containsEntry(CvssBand.NONE, 6)
			.containsEntry(CvssBand.CRITICAL, 1)
			.containsEntry(CvssBand.HIGH, 1);
	}

	@Test
	void nvdEntryWithAnUnusableScoreLeavesTheChoiceToOtherSources() throws IOException {
		ScanReport report = read(trivy("""
				{"VulnerabilityID": "CVE-2020-3", "PkgName": "curl", "InstalledVersion": "7.1",
				 "CVSS": {"nvd": {"V3Score": 99}, "redhat": {"V3Score": 6.1}}}"""));

		assertThat(report.findings().get(0).cvssV3()).isEqualTo(new Cvss(6.1, null, "redhat"));
	}

	@Test
	void cvssV2AndV4AreKeptButGiveNoScore() throws IOException {
		ScanReport report = read(grype("""
				{"vulnerability": {"id": "CVE-2024-1", "severity": "High", "cvss": [
				   {"source": "nvd@nist.gov", "version": "2.0", "vector": "AV:N/AC:M/Au:N/C:C/I:C/A:C",
				    "metrics": {"baseScore": 9.3}},
				   {"source": "nvd@nist.gov", "version": "4.0",
				    "vector": "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"}]},
				 "artifact": {"name": "app", "version": "1"}}"""));

		Finding finding = report.findings().get(0);
		assertThat(finding.score()).isNull();
		assertThat(finding.cvssV2()).isEqualTo(new Cvss(9.3, "AV:N/AC:M/Au:N/C:C/I:C/A:C", "nvd@nist.gov"));
		assertThat(finding.cvssV4().vector()).startsWith("CVSS:4.0/");
		assertThat(finding.cvssV4().score()).isBetween(9.0, 10.0);
		assertThat(report.maxScore()).isNull();
		assertThat(report.countsByBand()).containsEntry(CvssBand.NONE, 1);
	}

	@Test
	void anIdFoundInSeveralPackagesCountsOnceAtItsHighestScore() throws IOException {
		ScanReport report = read(trivy("""
				{"VulnerabilityID": "CVE-2021-1", "PkgName": "libssl", "InstalledVersion": "1",
				 "CVSS": {"nvd": {"V3Score": 5.9}}},
				{"VulnerabilityID": "CVE-2021-1", "PkgName": "libcrypto", "InstalledVersion": "1",
				 "CVSS": {"redhat": {"V3Score": 9.1}}},
				{"VulnerabilityID": "CVE-2021-2", "PkgName": "libssl", "InstalledVersion": "1"}"""));

		assertThat(report.findings()).hasSize(3);
		assertThat(report.scoreById()).containsExactly(entry("CVE-2021-1", 9.1), entry("CVE-2021-2", null));
		assertThat(report.countsByBand()).containsEntry(CvssBand.CRITICAL, 1)
			.containsEntry(CvssBand.NONE, 1)
			.containsEntry(CvssBand.HIGH, 0);
	}

	@ParameterizedTest(name = "{0} is {1}")
	@CsvSource(nullValues = "-", value = { "-, NONE", "0.0, NONE", "0.1, LOW", "3.9, LOW", "4.0, MEDIUM",
			"6.9, MEDIUM", "7.0, HIGH", "8.9, HIGH", "9.0, CRITICAL", "10.0, CRITICAL" })
	void bandBoundaries(Double score, CvssBand band) {
		assertThat(CvssBand.of(score)).isEqualTo(band);
	}

	private static void collectV3Pairs(JsonNode node, Map<String, Double> scoreByVector) {
		if (node.isObject()) {
			if (node.path("V3Vector").isString() && node.path("V3Score").isNumber()
					&& !node.path("V3Vector").asString().isEmpty()) {
				scoreByVector.put(node.path("V3Vector").asString(), node.path("V3Score").doubleValue());
			}
			if (node.path("vector").asString("").startsWith("CVSS:3") && node.path("metrics").path("baseScore").isNumber()) {
				scoreByVector.put(node.path("vector").asString(), node.path("metrics").path("baseScore").doubleValue());
			}
		}
		node.forEach(child -> collectV3Pairs(child, scoreByVector));
	}

	private static String match(String id, String nvdScore, String vector) {
		return """
				{"vulnerability": {"id": "%s", "cvss": [{"source": "nvd@nist.gov", "version": "3.1", %s
				 "metrics": {"baseScore": %s}}]}, "artifact": {"name": "app", "version": "1"}}"""
			.formatted(id, (vector != null) ? "\"vector\": \"" + vector + "\"," : "", nvdScore);
	}

	static String grype(String matches) {
		return """
				{"matches": [%s],
				 "source": {"type": "image", "target": {"userInput": "app:1"}},
				 "descriptor": {"name": "grype", "version": "0.99.0"}}""".formatted(matches);
	}

	static String trivy(String vulnerabilities) {
		return """
				{"SchemaVersion": 2, "ArtifactName": "app:1", "ArtifactType": "container_image",
				 "Results": [{"Target": "app:1 (debian 12)", "Class": "os-pkgs", "Type": "debian",
				              "Vulnerabilities": [%s]}]}""".formatted(vulnerabilities);
	}

	static String cycloneDx(String vulnerabilities) {
		return """
				{"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
				 "metadata": {"component": {"type": "container", "name": "app:1"}},
				 "vulnerabilities": [%s]}""".formatted(vulnerabilities);
	}

	private ScanReport read(String json) throws IOException {
		return ScanReports.read(Files.writeString(Files.createTempFile(this.dir, "report-", ".json"), json));
	}

}
