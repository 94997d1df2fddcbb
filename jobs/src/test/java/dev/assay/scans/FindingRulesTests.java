package dev.assay.scans;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.assay.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.assay.scans.ScoreRulesTests.cycloneDx;
import static dev.assay.scans.ScoreRulesTests.grype;
import static dev.assay.scans.ScoreRulesTests.trivy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** What becomes a finding: ids and their CVE aliases, packages, severities as written, one per id and package. */
class FindingRulesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path dir;

	@Test
	void duplicatesInAReportCollapseIntoOneFinding() throws IOException {
		ScanReport report = read("""
				{"SchemaVersion": 2, "ArtifactName": "app:1", "Results": [
				  {"Target": "app:1 (debian 12)", "Type": "debian", "Vulnerabilities": [
				    {"VulnerabilityID": "CVE-2022-1", "PkgName": "zlib", "InstalledVersion": "1.2", "Severity": "HIGH",
				     "VendorIDs": ["DSA-5218-1"], "CVSS": {"nvd": {"V3Score": 5.0}}},
				    {"VulnerabilityID": "CVE-2022-1", "PkgName": "zlib", "InstalledVersion": "1.3",
				     "CVSS": {"nvd": {"V3Score": 6.0}}}]},
				  {"Target": "Java", "Type": "jar", "Vulnerabilities": [
				    {"VulnerabilityID": "CVE-2022-1", "PkgName": "zlib", "InstalledVersion": "1.2", "Severity": "LOW",
				     "FixedVersion": "1.2.13", "CVSS": {"nvd": {"V3Score": 7.0}}}]}]}""");

		assertThat(report.findings()).extracting(Finding::packageVersion, Finding::score, Finding::severity,
				Finding::fixedVersion, Finding::packageType)
			.containsExactly(tuple("1.2", 7.0, "HIGH", "1.2.13", "debian"), tuple("1.3", 6.0, null, null, "debian"));
		assertThat(report.scoreById()).containsOnlyKeys("CVE-2022-1");
	}

	@Test
	void findingIsKnownByItsCveOrItsFirstCveAliasInUpperCase() throws IOException {
		ScanReport report = read(grype("""
				{"vulnerability": {"id": "CVE-2021-44228"}, "artifact": {"name": "log4j-core", "version": "2.14"}},
				{"vulnerability": {"id": "cve-2022-22965"}, "artifact": {"name": "spring-beans", "version": "5.3"}},
				{"vulnerability": {"id": "GHSA-jfh8-c2jp-5v3q"}, "artifact": {"name": "log4j", "version": "2.14"},
				 "relatedVulnerabilities": [{"id": "GHSA-0000-0000-0000"}, {"id": "cve-2021-45046"}, {"id": "CVE-2021-44228"}]},
				{"vulnerability": {"id": "GHSA-8489-44mv-ggj8"}, "artifact": {"name": "log4j", "version": "2.14"}}"""));

		assertThat(report.findings()).extracting(Finding::cve)
			.containsExactly("CVE-2021-44228", "CVE-2022-22965", "CVE-2021-45046", null);
	}

	@Test
	void cveAliasesComeFromGrypeRelatedVulnerabilities() {
		Path file = Fixtures.file("grype/anchore-grype/ghsa-test.json");
		JsonNode raw = JSON.readTree(file);

		ScanReport report = ScanReports.read(file);

		int ghsaMatches = 0;
		for (JsonNode match : raw.path("matches")) {
			String id = match.path("vulnerability").path("id").asString();
			if (!id.startsWith("GHSA-")) {
				continue;
			}
			ghsaMatches++;
			List<String> related = new ArrayList<>();
			match.path("relatedVulnerabilities").forEach(r -> related.add(r.path("id").asString()));
			Finding finding = report.findings()
				.stream()
				.filter(f -> f.vulnerabilityId().equals(id))
				.findFirst()
				.orElseThrow();
			assertThat(finding.aliases()).isEqualTo(related.stream().filter(r -> r.startsWith("CVE-")).toList())
				.isNotEmpty();
		}
		assertThat(ghsaMatches).isPositive();
	}

	@Test
	void cveAliasesComeFromTrivyVendorIdsAndCycloneDxReferencesOnly() throws IOException {
		ScanReport trivy = read(trivy("""
				{"VulnerabilityID": "GHSA-aaaa-bbbb-cccc", "PkgName": "lib", "InstalledVersion": "1",
				 "VendorIDs": ["DSA-4539-1", "CVE-2019-1563", "RHSA-2019:2304"]}"""));
		ScanReport cycloneDx = read(cycloneDx("""
				{"id": "SNYK-JAVA-1", "references": [{"id": "CVE-2018-7489"}, {"id": "GHSA-1111-2222-3333"}],
				 "affects": [{"ref": "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4"}]}"""));

		assertThat(trivy.findings().get(0).aliases()).containsExactly("CVE-2019-1563");
		assertThat(cycloneDx.findings().get(0).aliases()).containsExactly("CVE-2018-7489");
	}

	@Test
	void unknownSeverityStringsAreKeptAsReported() throws IOException {
		ScanReport report = read(trivy("""
				{"VulnerabilityID": "CVE-1", "PkgName": "a", "InstalledVersion": "1", "Severity": "Negligible"},
				{"VulnerabilityID": "CVE-2", "PkgName": "a", "InstalledVersion": "1", "Severity": "SUPER-BAD (vendor 5)"},
				{"VulnerabilityID": "CVE-3", "PkgName": "a", "InstalledVersion": "1", "Severity": "UNKNOWN"},
				{"VulnerabilityID": "CVE-4", "PkgName": "a", "InstalledVersion": "1", "Severity": ""},
				{"VulnerabilityID": "CVE-5", "PkgName": "a", "InstalledVersion": "1", "Severity": 3}"""));

		assertThat(report.findings()).extracting(Finding::severity)
			.containsExactly("Negligible", "SUPER-BAD (vendor 5)", "UNKNOWN", null, "3");
	}

	@Test
	void grypePackagesKeepTheirTypeAndPackageUrl() {
		Path file = Fixtures.file("grype/defectdojo/issue_9618.json");
		JsonNode artifact = JSON.readTree(file).path("matches").path(0).path("artifact");

		Finding first = ScanReports.read(file).findings().get(0);

		assertThat(first.packageName()).isEqualTo(artifact.path("name").asString());
		assertThat(first.packageVersion()).isEqualTo(artifact.path("version").asString());
		assertThat(first.packageType()).isEqualTo(artifact.path("type").asString());
		assertThat(first.purl()).isEqualTo(artifact.path("purl").asString());
	}

	@Test
	void cycloneDxAffectsResolveToComponentsPackageUrlsOrTheReferenceItself() throws IOException {
		ScanReport report = read("""
				{"bomFormat": "CycloneDX", "specVersion": "1.5",
				 "components": [{"bom-ref": "c1", "type": "library", "group": "org.apache.logging.log4j",
				   "name": "log4j-core", "version": "2.13.2", "purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.13.2",
				   "components": [{"bom-ref": "c2", "type": "library", "name": "nested", "version": "0.1"}]}],
				 "vulnerabilities": [
				   {"id": "CVE-2021-44228", "affects": [{"ref": "c1"}, {"ref": "c2"},
				     {"ref": "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#pkg:deb/ubuntu/libstdc%2B%2B6@12.3.0?arch=amd64"},
				     {"ref": "product-ABC"}]},
				   {"id": "CVE-2021-45046"}]}""");

		assertThat(report.findings()).extracting(Finding::packageName, Finding::packageVersion, Finding::packageType)
			.containsExactly(tuple("org.apache.logging.log4j:log4j-core", "2.13.2", "maven"),
					tuple("nested", "0.1", "library"), tuple("libstdc++6", "12.3.0", "deb"),
					tuple("product-ABC", null, null), tuple(null, null, null));
		assertThat(report.image().name()).isNull();
	}

	@Test
	void statementsOfNotBeingAffectedAreCountedNotFound() throws IOException {
		String states = "exploitable in_triage not_affected false_positive resolved resolved_with_pedigree -";
		StringBuilder vulnerabilities = new StringBuilder();
		for (String state : states.split(" ")) {
			vulnerabilities.append(vulnerabilities.isEmpty() ? "" : ",")
				.append("{\"id\": \"CVE-%s\", %s \"affects\": [{\"ref\": \"pkg:npm/a@1\"}]}".formatted(state,
						state.equals("-") ? "" : "\"analysis\": {\"state\": \"" + state + "\"},"));
		}
		ScanReport cycloneDx = read(cycloneDx(vulnerabilities.toString()));
		ScanReport trivy = read(trivy("""
				{"VulnerabilityID": "CVE-1", "PkgName": "a", "InstalledVersion": "1", "Status": "affected"},
				{"VulnerabilityID": "CVE-2", "PkgName": "a", "InstalledVersion": "1", "Status": "not_affected"},
				{"VulnerabilityID": "CVE-3", "PkgName": "a", "InstalledVersion": "1", "Status": "will_not_fix"}"""));

		assertThat(cycloneDx.findings()).extracting(Finding::vulnerabilityId)
			.containsExactly("CVE-exploitable", "CVE-in_triage", "CVE--");
		assertThat(cycloneDx.notAffected()).isEqualTo(4);
		assertThat(trivy.findings()).extracting(Finding::vulnerabilityId).containsExactly("CVE-1", "CVE-3");
		assertThat(trivy.notAffected()).isEqualTo(1);
	}

	@Test
	void scannerAndDatabaseBuildDateAreTakenFromTheReport() {
		Path grypeFile = Fixtures.file("grype/defectdojo/many_vulns_with_epss_values.json");
		JsonNode descriptor = JSON.readTree(grypeFile).path("descriptor");
		Path cycloneDxFile = Fixtures.file("cyclonedx/defectdojo/issue_9277.json");
		JsonNode tool = JSON.readTree(cycloneDxFile).path("metadata").path("tools").path(0);

		ScanReport grype = ScanReports.read(grypeFile);
		ScanReport cycloneDx = ScanReports.read(cycloneDxFile);

		assertThat(grype.scanner()).isEqualTo(descriptor.path("name").asString());
		assertThat(grype.scannerVersion()).isEqualTo(descriptor.path("version").asString());
		assertThat(grype.databaseBuilt()).hasToString(descriptor.path("db").path("status").path("built").asString());
		assertThat(cycloneDx.scanner()).isEqualTo(tool.path("name").asString());
		assertThat(cycloneDx.scannerVersion()).isEqualTo(tool.path("version").asString());
		assertThat(cycloneDx.databaseBuilt()).isNull();
	}

	private ScanReport read(String json) throws IOException {
		return ScanReports.read(Files.writeString(Files.createTempFile(this.dir, "report-", ".json"), json));
	}

}
