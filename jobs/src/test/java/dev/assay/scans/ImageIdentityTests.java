package dev.assay.scans;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.assay.scans.ImageIdentity.DigestKind;
import dev.assay.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which image a report is about: repository digest before manifest digest before config id, a
 * registry only where the report names one, tags and OS as given, and a name where nothing else is.
 */
class ImageIdentityTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String DIGEST = "sha256:b1c5a500182b21d0bfa5a584a8526b56d8be316f89e87d951be04abed2446e60";

	@TempDir
	Path dir;

	@Test
	void repositoryDigestComesBeforeTheManifestDigest() {
		Path file = Fixtures.file("grype/anchore-grype/chainguard-ruby-test.json");
		JsonNode target = JSON.readTree(file).path("source").path("target");
		String repoDigest = target.path("repoDigests").path(0).asString();
		assertThat(repoDigest).doesNotEndWith(target.path("manifestDigest").asString());

		ImageIdentity image = ScanReports.read(file).image();

		assertThat(image.digest()).isEqualTo(repoDigest.substring(repoDigest.indexOf('@') + 1));
		assertThat(image.digestKind()).isEqualTo(DigestKind.REPOSITORY);
		assertThat(image.registry() + "/" + image.repository()).isEqualTo(repoDigest.substring(0, repoDigest.indexOf('@')));
		assertThat(image.name()).isEqualTo(target.path("userInput").asString());
		assertThat(image.os()).isEqualTo("wolfi 20221118");
	}

	@Test
	void manifestDigestWhereTheReportGivesNoRepositoryDigest() {
		Path file = Fixtures.file("grype/defectdojo/check_all_fields.json");
		JsonNode target = JSON.readTree(file).path("source").path("target");
		assertThat(target.path("repoDigests")).isEmpty();

		ImageIdentity image = ScanReports.read(file).image();

		assertThat(image.digest()).isEqualTo(target.path("manifestDigest").asString());
		assertThat(image.digestKind()).isEqualTo(DigestKind.MANIFEST);
		assertThat(image.configIdOnly()).isFalse();
	}

	@Test
	void configIdIsKeptMarkedAsOnlyAConfigId() {
		Path file = Fixtures.file("trivy/aquasecurity-trivy/alpine-310.json.golden");
		JsonNode metadata = JSON.readTree(file).path("Metadata");
		assertThat(metadata.has("RepoDigests")).isFalse();

		ImageIdentity image = ScanReports.read(file).image();

		assertThat(image.digest()).isEqualTo(metadata.path("ImageID").asString());
		assertThat(image.configIdOnly()).isTrue();
		assertThat(image.registry()).isEqualTo("ghcr.io");
		assertThat(image.repository()).isEqualTo("aquasecurity/trivy-test-images");
		assertThat(image.tags()).containsExactly("alpine-310");
		assertThat(image.os()).isEqualTo("alpine 3.10.2");
	}

	@Test
	void registryIsBlankWhereTheReportDoesNotNameOne() throws IOException {
		ImageIdentity bare = trivyImage("alpine:3.10", "alpine@" + DIGEST);
		ImageIdentity named = trivyImage("docker.io/library/alpine:3.10", "docker.io/library/alpine@" + DIGEST);

		assertThat(bare.registry()).isEmpty();
		assertThat(bare.repository()).isEqualTo("alpine");
		assertThat(named.registry()).isEqualTo("docker.io");
		assertThat(named.repository()).isEqualTo("library/alpine");
		assertThat(bare.digest()).isEqualTo(DIGEST).isEqualTo(named.digest());
	}

	@Test
	void registryNamedByAnotherReferenceToTheSameRepositoryIsTaken() {
		Path file = Fixtures.file("grype/anchore-grype/keycloak-test.json");
		JsonNode target = JSON.readTree(file).path("source").path("target");
		assertThat(target.path("repoDigests").path(0).asString()).startsWith("keycloak/keycloak@");
		assertThat(target.path("userInput").asString()).startsWith("docker.io/keycloak/keycloak:");

		ImageIdentity image = ScanReports.read(file).image();

		assertThat(image.registry()).isEqualTo("docker.io");
		assertThat(image.repository()).isEqualTo("keycloak/keycloak");
		assertThat(image.tags()).containsExactly("21.0.2");
	}

	@Test
	void missingDigestsLeaveTheImageKeyedByWhatTheReportGives() throws IOException {
		Path grype = write(ScoreRulesTests.grype("").replace("\"app:1\"", "\"registry.example.com/team/app:2.0\""));
		Path trivy = Fixtures.file("trivy/defectdojo/scheme_2_many_vulns.json");
		JsonNode trivyRaw = JSON.readTree(trivy);
		assertThat(trivyRaw.path("Metadata").has("ImageID")).isFalse();

		ImageIdentity fromGrype = ScanReports.read(grype).image();
		ImageIdentity fromTrivy = ScanReports.read(trivy).image();

		assertThat(fromGrype.digest()).isNull();
		assertThat(fromGrype.digestKind()).isNull();
		assertThat(fromGrype.registry()).isEqualTo("registry.example.com");
		assertThat(fromGrype.repository()).isEqualTo("team/app");
		assertThat(fromGrype.tags()).containsExactly("2.0");
		assertThat(fromTrivy.digest()).isNull();
		assertThat(fromTrivy.name()).isEqualTo(trivyRaw.path("ArtifactName").asString());
	}

	@Test
	void emptyNamesAndTagsAreNoIdentity() {
		Path file = Fixtures.file("trivy/defectdojo/all_statuses.json");
		JsonNode raw = JSON.readTree(file);
		assertThat(raw.path("ArtifactName").asString()).isEmpty();

		ImageIdentity image = ScanReports.read(file).image();

		assertThat(image.name()).isNull();
		assertThat(image.repository()).isNull();
		assertThat(image.tags()).isEmpty();
		assertThat(image.digest()).isEqualTo(raw.path("Metadata").path("ImageID").asString());
		assertThat(image.configIdOnly()).isTrue();
	}

	@Test
	void imageArchivePathsAreNamesNotRepositories() {
		Path file = Fixtures.file("cyclonedx/trivy/fluentd-multiple-lockfiles-short.cdx.json.golden");
		JsonNode component = JSON.readTree(file).path("metadata").path("component");
		assertThat(component.path("name").asString()).endsWith(".tar.gz");

		ImageIdentity image = ScanReports.read(file).image();

		assertThat(image.name()).isEqualTo(component.path("name").asString());
		assertThat(image.repository()).isNull();
		assertThat(image.configIdOnly()).isTrue();
		assertThat(image.os()).isEqualTo("debian 10.2");
	}

	@Test
	void cycloneDxOciPackageUrlGivesRepositoryDigestAndTag() throws IOException {
		Path file = write("""
				{"bomFormat": "CycloneDX", "specVersion": "1.6", "vulnerabilities": [],
				 "metadata": {"tools": {"components": [{"name": "grype", "version": "0.80.0"}]},
				   "component": {"type": "container", "name": "team/app:1.0",
				     "purl": "pkg:oci/app@%s?repository_url=registry.example.com%%2Fteam%%2Fapp&tag=1.0"}}}"""
			.formatted(DIGEST.replace(":", "%3A")));

		ScanReport report = ScanReports.read(file);

		assertThat(report.image().registry()).isEqualTo("registry.example.com");
		assertThat(report.image().repository()).isEqualTo("team/app");
		assertThat(report.image().tags()).containsExactly("1.0");
		assertThat(report.image().digest()).isEqualTo(DIGEST);
		assertThat(report.image().digestKind()).isEqualTo(DigestKind.REPOSITORY);
		assertThat(report.scanner()).isEqualTo("grype");
		assertThat(report.findings()).isEmpty();
	}

	@Test
	void trivyCycloneDxGivesTheSameImageAsTrivyJson() {
		Path file = Fixtures.file("cyclonedx/defectdojo/issue_9277.json");
		JsonNode properties = JSON.readTree(file).path("metadata").path("component").path("properties");
		String repoDigest = null;
		for (JsonNode property : properties) {
			if (property.path("name").asString().equals("aquasecurity:trivy:RepoDigest")) {
				repoDigest = property.path("value").asString();
			}
		}

		ImageIdentity image = ScanReports.read(file).image();

		assertThat(repoDigest).isNotNull();
		assertThat(image.repository() + "@" + image.digest()).isEqualTo(repoDigest);
		assertThat(image.registry()).isEmpty();
		assertThat(image.tags()).containsExactly("latest");
		assertThat(image.os()).isEqualTo("ubuntu 22.04");
	}

	@Test
	void legacyTrivyArrayIsNamedByItsFirstTarget() {
		Path file = Fixtures.file("trivy/defectdojo/legacy_many_vulns.json");
		String target = JSON.readTree(file).path(0).path("Target").asString();

		ScanReport report = ScanReports.read(file);

		assertThat(report.format()).isEqualTo(ReportFormat.TRIVY);
		assertThat(target).isEqualTo(report.image().name() + " (" + report.image().os() + ")");
		assertThat(report.image().digest()).isNull();
	}

	private ImageIdentity trivyImage(String artifactName, String repoDigest) throws IOException {
		return ScanReports.read(write("""
				{"SchemaVersion": 2, "ArtifactName": "%s",
				 "Metadata": {"RepoTags": ["%s"], "RepoDigests": ["%s"], "ImageID": "sha256:%s"}}"""
			.formatted(artifactName, artifactName, repoDigest, "c".repeat(64)))).image();
	}

	private Path write(String json) throws IOException {
		return Files.writeString(Files.createTempFile(this.dir, "report-", ".json"), json);
	}

}
