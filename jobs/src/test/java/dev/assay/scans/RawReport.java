package dev.assay.scans;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.assay.scans.ImageIdentity.DigestKind;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.fail;

/**
 * What a test works out by itself from a report's raw JSON tree, without the parser: the v3
 * ratings of each vulnerability id and package, the statements of not being affected and the
 * digest, and from them each id's score, the maximum and the counts by band.
 */
final class RawReport {

	private static final Set<String> VEX_NOT_AFFECTED = Set.of("not_affected", "false_positive", "resolved",
			"resolved_with_pedigree");

	private final ReportFormat format;

	/** v3 ratings per vulnerability id and package. */
	private final Map<String, List<Rating>> findings = new LinkedHashMap<>();

	private int notAffected;

	private String digest;

	private DigestKind digestKind;

	private Instant scannedAt;

	private RawReport(ReportFormat format) {
		this.format = format;
	}

	static RawReport grype(JsonNode raw) {
		RawReport expected = new RawReport(ReportFormat.GRYPE);
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
		expected.scannedAt = instant(raw.path("descriptor").path("timestamp"));
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

	static RawReport trivy(JsonNode raw) {
		RawReport expected = new RawReport(ReportFormat.TRIVY);
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
		expected.scannedAt = instant(raw.path("CreatedAt"));
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

	static RawReport cycloneDx(JsonNode raw) {
		RawReport expected = new RawReport(ReportFormat.CYCLONEDX);
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
		expected.scannedAt = instant(raw.path("metadata").path("timestamp"));
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

	/** A time stamp of the fixtures: an RFC 3339 string, or missing or empty where the report has none. */
	private static Instant instant(JsonNode timestamp) {
		String text = timestamp.asString("");
		return text.isEmpty() ? null : OffsetDateTime.parse(text).toInstant();
	}

	private static JsonNode first(JsonNode array) {
		for (JsonNode element : array) {
			if (!element.asString("").isEmpty()) {
				return element;
			}
		}
		return null;
	}

	private record Rating(double score, String source) {

		boolean fromNvd() {
			String name = String.valueOf(this.source).toLowerCase(Locale.ROOT);
			return name.equals("nvd") || name.equals("nvd@nist.gov") || name.startsWith("nvd:");
		}

	}

	ReportFormat format() {
		return this.format;
	}

	int findingCount() {
		return this.findings.size();
	}

	int notAffected() {
		return this.notAffected;
	}

	String digest() {
		return this.digest;
	}

	DigestKind digestKind() {
		return this.digestKind;
	}

	Instant scannedAt() {
		return this.scannedAt;
	}

	private void add(String id, String packageKey, List<Rating> v3) {
		this.findings.computeIfAbsent(id + "\n" + packageKey, key -> new ArrayList<>()).addAll(v3);
	}

	private void digest(String digest, DigestKind kind) {
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
