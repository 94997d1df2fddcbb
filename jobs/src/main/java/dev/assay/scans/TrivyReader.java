package dev.assay.scans;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

import dev.assay.scans.FindingCollector.AffectedPackage;

/**
 * Reads {@code trivy image -f json}: the SchemaVersion 2 object, and the top-level array of
 * results that Trivy wrote before 0.20. The legacy array carries no image metadata; the image is
 * named by its first result's target, {@code name (os version)}.
 */
final class TrivyReader {

	private static final Pattern LEGACY_TARGET = Pattern.compile("(.+) \\((.+)\\)");

	/** Trivy's status for a package its vendor declares unaffected: not a finding. */
	private static final String NOT_AFFECTED = "not_affected";

	private TrivyReader() {
	}

	static ScanReport read(Path file) {
		boolean legacyArray = Json.isArray(file);
		Document document;
		if (legacyArray) {
			Result[] results = Json.read(file, Result[].class, "Trivy report");
			document = new Document(null, null, null, null, List.of(results));
		}
		else {
			document = Json.read(file, Document.class, "Trivy report");
		}
		FindingCollector findings = new FindingCollector();
		List<Result> results = listOf(document.results());
		for (int r = 0; r < results.size(); r++) {
			List<Vulnerability> vulnerabilities = listOf(results.get(r).vulnerabilities());
			for (int v = 0; v < vulnerabilities.size(); v++) {
				Vulnerability vulnerability = vulnerabilities.get(v);
				if (Json.blankToNull(vulnerability.id()) == null) {
					throw new ReportException(file + " is not a readable Trivy report: " + (legacyArray ? "" : "Results")
							+ "[" + r + "].Vulnerabilities[" + v + "].VulnerabilityID is missing. Check that the file"
							+ " is trivy's unedited JSON output.");
				}
				if (NOT_AFFECTED.equals(vulnerability.status())) {
					findings.notAffected();
					continue;
				}
				String purl = (vulnerability.identifier() != null) ? Json.text(vulnerability.identifier(), "PURL") : null;
				findings.add(vulnerability.id(), listOf(vulnerability.vendorIds()),
						new AffectedPackage(vulnerability.packageName(), vulnerability.installedVersion(),
								results.get(r).type(), purl),
						vulnerability.fixedVersion(), vulnerability.severity(), cvss(vulnerability.cvss()));
			}
		}
		String version = (document.trivy() != null) ? Json.text(document.trivy(), "Version") : null;
		return new ScanReport(ReportFormat.TRIVY, "trivy", version, null,
				Json.timestamp(file, "CreatedAt", document.createdAt()),
				legacyArray ? legacyIdentity(results) : identity(document), findings.findings(),
				findings.notAffectedCount());
	}

	/** Trivy keys each rating by its source: {@code nvd}, {@code redhat}, {@code ghsa}, ... */
	private static List<CvssCandidate> cvss(Map<String, JsonNode> bySource) {
		List<CvssCandidate> cvss = new ArrayList<>();
		if (bySource != null) {
			bySource.forEach((source, rating) -> {
				add(cvss, 2, rating.path("V2Score"), Json.text(rating, "V2Vector"), source);
				add(cvss, 3, rating.path("V3Score"), Json.text(rating, "V3Vector"), source);
				add(cvss, 4, rating.path("V40Score"), Json.text(rating, "V40Vector"), source);
			});
		}
		return cvss;
	}

	private static void add(List<CvssCandidate> cvss, int version, JsonNode score, String vector, String source) {
		if (!score.isMissingNode() || vector != null) {
			cvss.add(new CvssCandidate(version, null, Json.score(score), vector, source));
		}
	}

	private static ImageIdentity identity(Document document) {
		IdentityBuilder identity = new IdentityBuilder();
		JsonNode metadata = (document.metadata() != null) ? document.metadata() : Json.MAPPER.missingNode();
		metadata.path("RepoDigests").forEach(digest -> identity.repoDigest(Json.text(digest)));
		metadata.path("RepoTags").forEach(tag -> identity.tag(Json.text(tag)));
		return identity.requested(document.artifactName())
			.configId(Json.text(metadata, "ImageID"))
			.os(Json.text(metadata.path("OS"), "Family"), Json.text(metadata.path("OS"), "Name"))
			.build();
	}

	private static ImageIdentity legacyIdentity(List<Result> results) {
		IdentityBuilder identity = new IdentityBuilder();
		for (Result result : results) {
			Matcher target = LEGACY_TARGET.matcher(String.valueOf(result.target()));
			if (target.matches()) {
				return identity.requested(target.group(1)).os(target.group(2), null).build();
			}
		}
		return identity.build();
	}

	private static <T> List<T> listOf(List<T> list) {
		return (list != null) ? list : List.of();
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Document(@JsonProperty("ArtifactName") String artifactName, @JsonProperty("CreatedAt") String createdAt,
			@JsonProperty("Metadata") JsonNode metadata, @JsonProperty("Trivy") JsonNode trivy,
			@JsonProperty("Results") List<Result> results) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Result(@JsonProperty("Target") String target, @JsonProperty("Type") String type,
			@JsonProperty("Vulnerabilities") List<Vulnerability> vulnerabilities) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Vulnerability(@JsonProperty("VulnerabilityID") String id,
			@JsonProperty("VendorIDs") List<String> vendorIds, @JsonProperty("PkgName") String packageName,
			@JsonProperty("PkgIdentifier") JsonNode identifier,
			@JsonProperty("InstalledVersion") String installedVersion,
			@JsonProperty("FixedVersion") String fixedVersion, @JsonProperty("Status") String status,
			@JsonProperty("Severity") String severity, @JsonProperty("CVSS") Map<String, JsonNode> cvss) {
	}

}
