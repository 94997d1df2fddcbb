package dev.assay.scans;

import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.JsonNode;

import dev.assay.scans.FindingCollector.AffectedPackage;

/**
 * Reads {@code grype -o json}, from the 0.7 layout ({@code vulnerability.cvssV3},
 * {@code fixedInVersion}) to the current one ({@code cvss[]} with sources,
 * {@code relatedVulnerabilities}, {@code fix.versions}).
 */
final class GrypeReader {

	private GrypeReader() {
	}

	static ScanReport read(Path file) {
		Document document = Json.read(file, Document.class, "Grype report");
		FindingCollector findings = new FindingCollector();
		List<Match> matches = listOf(document.matches());
		for (int i = 0; i < matches.size(); i++) {
			Match match = matches.get(i);
			Vulnerability vulnerability = match.vulnerability();
			if (vulnerability == null || Json.blankToNull(vulnerability.id()) == null) {
				throw new ReportException(file + " is not a readable Grype report: matches[" + i
						+ "].vulnerability.id is missing. Check that the file is grype's unedited JSON output.");
			}
			List<String> aliases = new ArrayList<>();
			List<CvssCandidate> cvss = new ArrayList<>();
			addCvss(cvss, vulnerability.cvss(), vulnerability.namespace());
			addLegacy(cvss, 3, vulnerability.cvssV3());
			addLegacy(cvss, 2, vulnerability.cvssV2());
			for (Related related : listOf(match.relatedVulnerabilities())) {
				aliases.add(related.id());
				addCvss(cvss, related.cvss(), related.namespace());
			}
			Artifact artifact = (match.artifact() != null) ? match.artifact() : new Artifact(null, null, null, null);
			findings.add(vulnerability.id(), aliases,
					new AffectedPackage(artifact.name(), artifact.version(), artifact.type(), artifact.purl()),
					fixedVersion(vulnerability), vulnerability.severity(), cvss);
		}
		JsonNode descriptor = (document.descriptor() != null) ? document.descriptor() : Json.MAPPER.missingNode();
		String scanner = Json.text(descriptor, "name");
		return new ScanReport(ReportFormat.GRYPE, (scanner != null) ? scanner : "grype", Json.text(descriptor, "version"),
				databaseBuilt(descriptor.path("db")),
				Json.timestamp(file, "descriptor.timestamp", Json.text(descriptor, "timestamp")), identity(document),
				findings.findings(), findings.notAffectedCount());
	}

	/** An entry without a source is rated by its record's namespace ({@code nvd:cpe}, {@code redhat:distro:...}). */
	private static void addCvss(List<CvssCandidate> cvss, List<CvssEntry> entries, String namespace) {
		for (CvssEntry entry : listOf(entries)) {
			int version = CvssCandidate.major(entry.version());
			if (version == 0) {
				version = CvssCandidate.majorOfVector(entry.vector());
			}
			if (version != 0) {
				Double score = (entry.metrics() != null) ? Json.score(entry.metrics().path("baseScore")) : null;
				String source = (Json.blankToNull(entry.source()) != null) ? entry.source() : namespace;
				cvss.add(new CvssCandidate(version, entry.version(), score, entry.vector(), source));
			}
		}
	}

	/** Grype before {@code cvss[]} gave one score per version, naming no source. */
	private static void addLegacy(List<CvssCandidate> cvss, int version, JsonNode legacy) {
		if (legacy != null && legacy.isObject()) {
			cvss.add(new CvssCandidate(version, null, Json.score(legacy.path("baseScore")), Json.text(legacy, "vector"),
					null));
		}
	}

	private static String fixedVersion(Vulnerability vulnerability) {
		if (vulnerability.fix() != null && !listOf(vulnerability.fix().versions()).isEmpty()) {
			return String.join(", ", vulnerability.fix().versions());
		}
		return vulnerability.fixedInVersion();
	}

	/** Grype up to database schema 5 writes {@code db.built}, from schema 6 on {@code db.status.built}. */
	private static Instant databaseBuilt(JsonNode db) {
		String built = Json.text(db, "built");
		if (built == null) {
			built = Json.text(db.path("status"), "built");
		}
		if (built == null) {
			return null;
		}
		try {
			return OffsetDateTime.parse(built).toInstant();
		}
		catch (DateTimeParseException ex) {
			// The build date only informs; a report is not refused for an odd one.
			return null;
		}
	}

	private static ImageIdentity identity(Document document) {
		IdentityBuilder identity = new IdentityBuilder();
		JsonNode target = (document.source() != null) ? document.source().path("target") : Json.MAPPER.missingNode();
		if (target.isString()) {
			// Directory and file scans name only a path.
			identity.requested(target.asString());
		}
		else {
			target.path("repoDigests").forEach(digest -> identity.repoDigest(Json.text(digest)));
			target.path("tags").forEach(tag -> identity.tag(Json.text(tag)));
			String requested = Json.text(target, "userInput");
			identity.requested((requested != null) ? requested : Json.text(target, "path"))
				.manifestDigest(Json.text(target, "manifestDigest"))
				.configId(Json.text(target, "imageID"));
		}
		if (document.distro() != null) {
			identity.os(Json.text(document.distro(), "name"), Json.text(document.distro(), "version"));
		}
		return identity.build();
	}

	private static <T> List<T> listOf(List<T> list) {
		return (list != null) ? list : List.of();
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Document(List<Match> matches, JsonNode source, JsonNode distro, JsonNode descriptor) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Match(Vulnerability vulnerability, List<Related> relatedVulnerabilities, Artifact artifact) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Vulnerability(String id, String namespace, String severity, List<CvssEntry> cvss, JsonNode cvssV3,
			JsonNode cvssV2, Fix fix, String fixedInVersion) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Related(String id, String namespace, List<CvssEntry> cvss) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record CvssEntry(String source, String version, String vector, JsonNode metrics) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Fix(List<String> versions) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Artifact(String name, String version, String type, String purl) {
	}

}
