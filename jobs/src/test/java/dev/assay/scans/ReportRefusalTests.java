package dev.assay.scans;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import dev.assay.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Files that are not scan reports are refused with a message that names the file and what it is
 * instead; reports without vulnerabilities are valid and have no findings.
 */
class ReportRefusalTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path dir;

	@Test
	void truncatedJsonIsRefusedAsTruncated() throws IOException {
		byte[] whole = Files.readAllBytes(Fixtures.file("grype/defectdojo/many_vulns3.json"));
		Path file = write("truncated.json", new String(Arrays.copyOf(whole, whole.length * 3 / 5)));

		assertRefused(file, "ends in the middle of its JSON", "truncated", "(line ");
	}

	@Test
	void fileCutBetweenArrayEntriesIsRefusedAsTruncated() throws IOException {
		String whole = Files.readString(Fixtures.file("grype/defectdojo/issue_9618.json"));
		// Just after the first match and its comma, before the second
		String cut = whole.substring(0, whole.indexOf("\n     {", whole.indexOf("\"matches\"") + 30));
		Path file = write("truncated.json", cut);

		assertRefused(file, "ends in the middle of its JSON", "truncated");
	}

	@Test
	void kevCatalogIsRefusedAsAKevCatalog() {
		Path file = Fixtures.file("kev/known_exploited_vulnerabilities.json");
		String version = JSON.readTree(file).path("catalogVersion").asString();

		assertRefused(file, "not a scan report", "CISA KEV catalog (catalogVersion " + version + ")");
	}

	@Test
	void podListsAreRefusedAsKubernetesObjects() {
		assertRefused(Fixtures.file("k8s/nri-kubernetes_1_31_kubelet_pods.json"), "Kubernetes PodList",
				"runtime view");
		assertRefused(Fixtures.file("k8s/nri-kubernetes_1_35_kubectl_get_pods_A.json"), "Kubernetes List");
	}

	@Test
	void emptyFilesAreRefusedAsEmpty() throws IOException {
		assertRefused(write("empty.json", ""), "is empty", "Scan the image again");
		assertRefused(write("blank.json", " \n\t\n"), "is empty");
	}

	@Test
	void textThatIsNotJsonIsRefused() throws IOException {
		assertRefused(write("report.json", "Error: could not pull image\n"), "is not valid JSON", "(line 1");
	}

	@Test
	void twoConcatenatedReportsAreRefused() throws IOException {
		String match = "{\"vulnerability\": {\"id\": \"CVE-2024-1\"}, \"artifact\": {\"name\": \"a\", \"version\": \"1\"}}";
		String legacyTrivy = "[{\"Target\": \"app:1 (debian 12)\", \"Vulnerabilities\": []}]";
		for (String one : new String[] { ScoreRulesTests.trivy(""), ScoreRulesTests.grype(match),
				ScoreRulesTests.cycloneDx(""), legacyTrivy, "{\"images\": []}" }) {
			assertRefused(write("two.json", one + "\n" + one), "more than one JSON document");
		}
	}

	@Test
	void legacyTrivyArrayCutShortIsRefusedAsTruncated() throws IOException {
		String whole = Files.readString(Fixtures.file("trivy/defectdojo/legacy_many_vulns.json"));

		assertRefused(write("truncated.json", whole.substring(0, whole.length() / 2)), "ends in the middle of its JSON",
				"truncated");
	}

	@Test
	void jsonThatSaysNothingAboutAnImageIsRefused() throws IOException {
		assertRefused(write("scalar.json", "42"), "a single JSON number");
		assertRefused(write("array.json", "[]"), "an empty JSON array");
		assertRefused(write("object.json", "{\"images\": [\"app:1\"], \"count\": 1}"),
				"a JSON object with keys [images, count]");
		assertRefused(write("spdx.json", "{\"spdxVersion\": \"SPDX-2.3\", \"packages\": []}"), "an SPDX SBOM");
		assertRefused(Fixtures.file("registry/trivy_docker-manifest-v2.json"), "image manifest");
	}

	@Test
	void trivySchemaVersionsOtherThanTwoAreRefused() throws IOException {
		assertRefused(write("v3.json", ScoreRulesTests.trivy("").replace("\"SchemaVersion\": 2", "\"SchemaVersion\": 3")),
				"SchemaVersion 3", "SchemaVersion 2");
	}

	@Test
	void missingFileIsRefused() {
		assertRefused(this.dir.resolve("absent.json"), "does not exist");
	}

	@Test
	void findingWithoutAnIdIsRefusedNamingTheField() throws IOException {
		String match = "{\"vulnerability\": {\"id\": \"CVE-1\"}}, {\"vulnerability\": {\"severity\": \"High\"}}";
		assertRefused(write("grype.json", ScoreRulesTests.grype(match)), "matches[1].vulnerability.id is missing");
		assertRefused(write("trivy.json", ScoreRulesTests.trivy("{\"PkgName\": \"a\"}")),
				"Results[0].Vulnerabilities[0].VulnerabilityID is missing");
		assertRefused(write("cdx.json", ScoreRulesTests.cycloneDx("{\"ratings\": []}")), "vulnerabilities[0].id");
	}

	@Test
	void fieldOfTheWrongShapeIsRefusedNamingFieldAndLine() throws IOException {
		Path file = write("grype.json", """
				{"matches": [
				  {"vulnerability": {"id": "CVE-1", "cvss": "9.8"}}],
				 "source": {}, "descriptor": {}}""");

		assertRefused(file, "field matches[0].vulnerability.cvss (line 2", "should be an array");
	}

	@Test
	void reportsWithoutVulnerabilitiesAreValidAndHaveNoFindings() throws IOException {
		Path grype = Fixtures.file("grype/defectdojo/no_vuln.json");
		assertThat(JSON.readTree(grype).path("matches")).isEmpty();
		Path trivy = write("trivy.json", """
				{"SchemaVersion": 2, "ArtifactName": "alpine:3.20", "Metadata": {"ImageID": "sha256:%s"},
				 "Results": [{"Target": "alpine:3.20 (alpine 3.20.1)", "Class": "os-pkgs", "Type": "alpine"}]}"""
			.formatted("d".repeat(64)));
		Path cycloneDx = write("cdx.json", ScoreRulesTests.cycloneDx(""));

		for (Path file : new Path[] { grype, trivy, cycloneDx }) {
			ScanReport report = ScanReports.read(file);
			assertThat(report.findings()).as(file.toString()).isEmpty();
			assertThat(report.maxScore()).isNull();
			assertThat(report.countsByBand()).containsOnly(entryOfZero(CvssBand.CRITICAL), entryOfZero(CvssBand.HIGH),
					entryOfZero(CvssBand.MEDIUM), entryOfZero(CvssBand.LOW), entryOfZero(CvssBand.NONE));
		}
	}

	private static java.util.Map.Entry<CvssBand, Integer> entryOfZero(CvssBand band) {
		return java.util.Map.entry(band, 0);
	}

	private static void assertRefused(Path file, String... phrases) {
		var refusal = assertThatExceptionOfType(ReportException.class).isThrownBy(() -> ScanReports.read(file))
			.withMessageContaining(file.toString());
		for (String phrase : phrases) {
			refusal.withMessageContaining(phrase);
		}
	}

	private Path write(String name, String content) throws IOException {
		return Files.writeString(this.dir.resolve(name), content);
	}

}
