package dev.assay.scans;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import dev.assay.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every real Grype, Trivy and CycloneDX report in {@code ../shared/fixtures/} is read, and what the
 * parser gives is compared with what this test works out from the raw JSON by itself: distinct
 * vulnerability ids, each id's v3 score, the maximum, the counts by band, the digest and the time
 * of the scan.
 */
class FixtureReportsTests {

	private static final JsonMapper RAW = JsonMapper.builder().build();

	/** Not scan reports of one image; each is refused by its own test below. */
	private static final Set<String> REFUSED = Set.of("trivy/defectdojo/kubernetes.json",
			"cyclonedx/cyclonedx-bom-examples/CISA-Use-Cases_Case-8_bom-2.json");

	static Stream<Path> reports() throws IOException {
		return Fixtures.scanReports().stream().filter(file -> !REFUSED.contains(Fixtures.relative(file)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("reports")
	void parserAgreesWithTheRawReport(Path file) {
		JsonNode raw = RAW.readTree(file);
		RawReport expected = switch (Fixtures.relative(file).substring(0, Fixtures.relative(file).indexOf('/'))) {
			case "grype" -> RawReport.grype(raw);
			case "trivy" -> RawReport.trivy(raw);
			default -> RawReport.cycloneDx(raw);
		};

		ScanReport report = ScanReports.read(file);

		assertThat(report.format()).isEqualTo(expected.format());
		assertThat(report.scoreById()).as("distinct ids and the v3 score of each").isEqualTo(expected.scoreById());
		assertThat(report.maxScore()).isEqualTo(expected.max());
		assertThat(report.countsByBand()).isEqualTo(expected.bands());
		assertThat(report.findings()).as("one finding per id, package and version").hasSize(expected.findingCount());
		assertThat(report.notAffected()).isEqualTo(expected.notAffected());
		assertThat(report.image().digest()).isEqualTo(expected.digest());
		assertThat(report.image().digestKind()).isEqualTo(expected.digestKind());
		assertThat(report.scannedAt()).isEqualTo(expected.scannedAt());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("reports")
	void registryAndTagsAreOnlyWhatTheReportSays(Path file) throws IOException {
		String text = Files.readString(file);
		ImageIdentity image = ScanReports.read(file).image();
		if (!image.registry().isEmpty()) {
			assertThat(text).contains(image.registry() + "/" + image.repository());
		}
		for (String tag : image.tags()) {
			assertThat(text).contains(image.repository() + ":" + tag);
		}
		if (image.repository() == null) {
			assertThat(image.registry()).isEmpty();
			assertThat(image.tags()).isEmpty();
		}
	}

	@Test
	void everyFixtureFolderIsCovered() throws IOException {
		List<String> files = Fixtures.scanReports().stream().map(Fixtures::relative).toList();
		assertThat(files).anyMatch(name -> name.startsWith("grype/"))
			.anyMatch(name -> name.startsWith("trivy/"))
			.anyMatch(name -> name.startsWith("cyclonedx/"))
			.anyMatch(name -> name.endsWith(".json.golden"))
			.containsAll(REFUSED);
		assertThat(files).hasSizeGreaterThanOrEqualTo(40);
	}

	@Test
	void trivyClusterReportIsRefusedAsManyImagesWithoutDigests() {
		Path file = Fixtures.file("trivy/defectdojo/kubernetes.json");
		assertThatExceptionOfType(ReportException.class).isThrownBy(() -> ScanReports.read(file))
			.withMessageContaining(file.toString())
			.withMessageContaining("'trivy k8s' cluster report")
			.withMessageContaining(RAW.readTree(file).path("ClusterName").asString())
			.withMessageContaining("trivy image --format json");
	}

	@Test
	void cycloneDxSbomWithoutVulnerabilitiesIsRefused() {
		Path file = Fixtures.file("cyclonedx/cyclonedx-bom-examples/CISA-Use-Cases_Case-8_bom-2.json");
		assertThat(RAW.readTree(file).has("vulnerabilities")).isFalse();
		assertThatExceptionOfType(ReportException.class).isThrownBy(() -> ScanReports.read(file))
			.withMessageContaining(file.toString())
			.withMessageContaining("without a vulnerabilities array");
	}

}
