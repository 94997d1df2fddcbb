package dev.assay.scans;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.assay.scans.ImageIdentity.DigestKind;
import dev.assay.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every real Grype, Trivy and CycloneDX report in {@code ../shared/fixtures/} is read, and what the
 * parser gives is compared with what this test works out from the raw JSON by itself: distinct
 * vulnerability ids, each id's v3 score, the maximum, the counts by band and the digest.
 */
class FixtureReportsTests {

	private static final JsonMapper RAW = JsonMapper.builder().build();

	/** Not scan reports of one image; each is refused by its own test below. */
	private static final Set<String> REFUSED = Set.of("trivy/defectdojo/kubernetes.json",
			"cyclonedx/cyclonedx-bom-examples/CISA-Use-Cases_Case-8_bom-2.json");

	private static final Set<String> VEX_NOT_AFFECTED = Set.of("not_affected", "false_positive", "resolved",
			"resolved_with_pedigree");

	static Stream<Path> reports() throws IOException {
		return allReportFiles().stream().filter(file -> !REFUSED.contains(relative(file)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("reports")
	void parserAgreesWithTheRawReport(Path file) {
		JsonNode raw = RAW.readTree(file);
		Expected expected = switch (relative(file).substring(0, relative(file).indexOf('/'))) {
			case "grype" -> grype(raw);
			case "trivy" -> trivy(raw);
			default -> cycloneDx(raw);
		};

		ScanReport report = ScanReports.read(file);

		assertThat(report.format()).isEqualTo(expected.format);
		assertThat(report.scoreById()).as("distinct ids and the v3 score of each").isEqualTo(expected.scoreById());
		assertThat(report.maxScore()).isEqualTo(expected.max());
		assertThat(report.countsByBand()).isEqualTo(expected.bands());
		assertThat(report.findings()).as("one finding per id, package and version").hasSize(expected.findings.size());
		assertThat(report.notAffected()).isEqualTo(expected.notAffected);
		assertThat(report.image().digest()).isEqualTo(expected.digest);
		assertThat(report.image().digestKind()).isEqualTo(expected.digestKind);
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
		List<String> files = allReportFiles().stream().map(FixtureReportsTests::relative).toList();
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

	private static Expected grype(JsonNode raw) {
		Expected expected = new Expected(ReportFormat.GRYPE);
		for (JsonNode match : raw.path("matches")) {
			JsonNode vulnerability = match.path("vulnerability");
			List<Rating> v3 = new ArrayList<>();
			List<JsonNode> records = new ArrayList<>(List.of(vulnerability));
			match.path("relatedVulnerabilities").forEach(records::add);
			for (JsonNode record : records) {
				for (JsonNode cvss : record.path("cvss")) {
					if (cvss.path("version").asString().startsWith("3")) {
						String source = cvss.has("source") ? cvss.path("source").asString()
								: record.path("namespace").asString(null);
						v3.add(new Rating(score(cvss.path("metrics").path("baseScore"), cvss), source));
					}
				}
			}
			if (vulnerability.path("cvssV3").isObject()) {
				v3.add(new Rating(score(vulnerability.path("cvssV3").path("baseScore"), vulnerability), null));
			}
			JsonNode artifact = match.path("artifact");
			expected.add(vulnerability.path("id").asString(),
					artifact.path("name").asString() + "|" + artifact.path("version").asString(), v3);
		}
		JsonNode target = raw.path("source").path("target");
		JsonNode repoDigest = first(target.path("repoDigests"));
		if (repoDigest != null) {
			expected.digest(repoDigest.asString().substring(repoDigest.asString().indexOf('@') + 1),
					DigestKind.REPOSITORY);
		}
		else if (!target.path("manifestDigest").asString("").isEmpty()) {
			expected.digest(target.path("manifestDigest").asString(), DigestKind.MANIFEST);
		}
		else if (!target.path("imageID").asString("").isEmpty()) {
			expected.digest(target.path("imageID").asString(), DigestKind.CONFIG_ID);
		}
		return expected;
	}

	private static Expected trivy(JsonNode raw) {
		Expected expected = new Expected(ReportFormat.TRIVY);
		for (JsonNode result : raw.isArray() ? raw : raw.path("Results")) {
			for (JsonNode vulnerability : result.path("Vulnerabilities")) {
				if ("not_affected".equals(vulnerability.path("Status").asString(""))) {
					expected.notAffected++;
					continue;
				}
				List<Rating> v3 = new ArrayList<>();
				vulnerability.path("CVSS").properties().forEach(source -> {
					if (source.getValue().has("V3Score")) {
						v3.add(new Rating(score(source.getValue().path("V3Score"), source.getValue()), source.getKey()));
					}
				});
				expected.add(vulnerability.path("VulnerabilityID").asString(), vulnerability.path("PkgName").asString()
						+ "|" + vulnerability.path("InstalledVersion").asString(), v3);
			}
		}
		JsonNode repoDigest = first(raw.path("Metadata").path("RepoDigests"));
		if (repoDigest != null) {
			expected.digest(repoDigest.asString().substring(repoDigest.asString().indexOf('@') + 1),
					DigestKind.REPOSITORY);
		}
		else if (!raw.path("Metadata").path("ImageID").asString("").isEmpty()) {
			expected.digest(raw.path("Metadata").path("ImageID").asString(), DigestKind.CONFIG_ID);
		}
		return expected;
	}

	private static Expected cycloneDx(JsonNode raw) {
		Expected expected = new Expected(ReportFormat.CYCLONEDX);
		for (JsonNode vulnerability : raw.path("vulnerabilities")) {
			if (VEX_NOT_AFFECTED.contains(vulnerability.path("analysis").path("state").asString(""))) {
				expected.notAffected++;
				continue;
			}
			List<Rating> v3 = new ArrayList<>();
			for (JsonNode rating : vulnerability.path("ratings")) {
				String method = rating.path("method").asString("");
				if (method.equals("CVSSv3") || method.equals("CVSSv31")) {
					String source = rating.path("source").path("name").asString(null);
					v3.add(new Rating(score(rating.path("score"), rating),
							(source != null) ? source : vulnerability.path("source").path("name").asString(null)));
				}
			}
			List<String> refs = new ArrayList<>();
			vulnerability.path("affects").forEach(affected -> refs.add(affected.path("ref").asString()));
			for (String ref : refs.isEmpty() ? List.of("") : refs) {
				expected.add(vulnerability.path("id").asString(), ref, v3);
			}
		}
		JsonNode image = raw.path("metadata").path("component");
		Map<String, String> properties = new HashMap<>();
		image.path("properties").forEach(property -> properties.putIfAbsent(property.path("name").asString(),
				property.path("value").asString()));
		String purl = image.path("purl").asString("");
		String version = image.path("version").asString("");
		if (properties.containsKey("aquasecurity:trivy:RepoDigest")) {
			String repoDigest = properties.get("aquasecurity:trivy:RepoDigest");
			expected.digest(repoDigest.substring(repoDigest.indexOf('@') + 1), DigestKind.REPOSITORY);
		}
		else if (purl.startsWith("pkg:oci/") && purl.contains("@")) {
			String digest = purl.substring(purl.indexOf('@') + 1).split("\\?")[0];
			expected.digest(digest.replace("%3A", ":"), DigestKind.REPOSITORY);
		}
		else if (version.startsWith("sha256:")) {
			expected.digest(version, DigestKind.MANIFEST);
		}
		else if (properties.containsKey("aquasecurity:trivy:ImageID")) {
			expected.digest(properties.get("aquasecurity:trivy:ImageID"), DigestKind.CONFIG_ID);
		}
		return expected;
	}

	/** A score as the fixture gives it; every v3 entry in the fixtures carries a numeric one. */
	private static double score(JsonNode score, JsonNode entry) {
		if (!score.isNumber()) {
			fail("A fixture v3 entry without a numeric score (" + entry + "): teach this test to score vectors");
		}
		return score.doubleValue();
	}

	private static JsonNode first(JsonNode array) {
		for (JsonNode element : array) {
			if (!element.asString("").isEmpty()) {
				return element;
			}
		}
		return null;
	}

	private static List<Path> allReportFiles() throws IOException {
		List<Path> files = new ArrayList<>();
		for (String folder : List.of("grype", "trivy", "cyclonedx")) {
			try (Stream<Path> walk = Files.walk(Fixtures.root().resolve(folder))) {
				walk.filter(Files::isRegularFile)
					.filter(file -> !file.getFileName().toString().endsWith(".md"))
					.sorted()
					.forEach(files::add);
			}
		}
		return files;
	}

	private static String relative(Path file) {
		return Fixtures.root().relativize(file).toString().replace('\\', '/');
	}

	private record Rating(double score, String source) {

		boolean fromNvd() {
			String name = String.valueOf(this.source).toLowerCase(Locale.ROOT);
			return name.equals("nvd") || name.equals("nvd@nist.gov") || name.startsWith("nvd:");
		}

	}

	/** What the test itself works out from the raw JSON. */
	private static final class Expected {

		final ReportFormat format;

		/** v3 ratings per vulnerability id and package. */
		final Map<String, List<Rating>> findings = new LinkedHashMap<>();

		int notAffected;

		String digest;

		DigestKind digestKind;

		Expected(ReportFormat format) {
			this.format = format;
		}

		void add(String id, String packageKey, List<Rating> v3) {
			this.findings.computeIfAbsent(id + "\n" + packageKey, key -> new ArrayList<>()).addAll(v3);
		}

		void digest(String digest, DigestKind kind) {
			this.digest = digest;
			this.digestKind = kind;
		}

		/** Per finding, NVD's highest v3 score, else anyone's; per id, the highest of its findings. */
		Map<String, Double> scoreById() {
			Map<String, Double> byId = new LinkedHashMap<>();
			this.findings.forEach((key, ratings) -> {
				String id = key.substring(0, key.indexOf('\n'));
				List<Rating> nvd = ratings.stream().filter(Rating::fromNvd).toList();
				Double score = (nvd.isEmpty() ? ratings : nvd).stream()
					.map(Rating::score)
					.max(Double::compare)
					.orElse(null);
				Double before = byId.get(id);
				if (before == null || (score != null && score > before)) {
					byId.put(id, score);
				}
			});
			return byId;
		}

		Double max() {
			return scoreById().values().stream().filter(score -> score != null).max(Double::compare).orElse(null);
		}

		Map<CvssBand, Integer> bands() {
			Map<CvssBand, Integer> bands = new LinkedHashMap<>();
			for (CvssBand band : CvssBand.values()) {
				bands.put(band, 0);
			}
			for (Double score : scoreById().values()) {
				CvssBand band = (score == null || score == 0.0) ? CvssBand.NONE : (score >= 9.0) ? CvssBand.CRITICAL
						: (score >= 7.0) ? CvssBand.HIGH : (score >= 4.0) ? CvssBand.MEDIUM : CvssBand.LOW;
				bands.merge(band, 1, Integer::sum);
			}
			return bands;
		}

	}

}
