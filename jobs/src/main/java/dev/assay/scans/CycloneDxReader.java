package dev.assay.scans;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

import dev.assay.scans.FindingCollector.AffectedPackage;

/**
 * Reads CycloneDX JSON (spec 1.4 to 1.7) with a {@code vulnerabilities} array, as Trivy, Grype and
 * VEX authors write it.
 * <ul>
 * <li>Each {@code affects[].ref} is one affected package: a component of the document by its
 * {@code bom-ref}, else the package URL the reference is or ends in (BOM-links
 * {@code urn:cdx:...#ref}), else the reference itself as the package name. A vulnerability that
 * affects nothing named is one finding without a package.
 * <li>A rating's source is its own, else the vulnerability's (Grype names only the latter).
 * {@code CVSSv3}/{@code CVSSv31} ratings are v3, {@code CVSSv2} v2, {@code CVSSv4} v4.
 * <li>A statement whose analysis says {@code not_affected}, {@code false_positive},
 * {@code resolved} or {@code resolved_with_pedigree} is counted, not a finding: that is what VEX
 * is for.
 * </ul>
 */
final class CycloneDxReader {

	private static final Set<String> NOT_AFFECTED = Set.of("not_affected", "false_positive", "resolved",
			"resolved_with_pedigree");

	private static final String TRIVY_PROPERTY = "aquasecurity:trivy:";

	private CycloneDxReader() {
	}

	static ScanReport read(Path file) {
		Document document = Json.read(file, Document.class, "CycloneDX report");
		if (document.vulnerabilities() == null) {
			throw new ReportException(file + " is a CycloneDX SBOM without a vulnerabilities array: it lists"
					+ " components, not scan results, and would pass an image unscanned. Import a CycloneDX"
					+ " VDR/VEX (e.g. trivy image --format cyclonedx --scanners vuln) or Grype/Trivy JSON.");
		}
		Map<String, Component> byRef = new HashMap<>();
		Component image = (document.metadata() != null) ? document.metadata().component() : null;
		index(byRef, (image != null) ? List.of(image) : List.of());
		index(byRef, document.components());
		FindingCollector findings = new FindingCollector();
		List<Vulnerability> vulnerabilities = listOf(document.vulnerabilities());
		for (int i = 0; i < vulnerabilities.size(); i++) {
			Vulnerability vulnerability = vulnerabilities.get(i);
			if (Json.blankToNull(vulnerability.id()) == null) {
				throw new ReportException(file + " is not a readable CycloneDX report: vulnerabilities[" + i
						+ "].id is missing. Check that every vulnerability has an id.");
			}
			if (vulnerability.analysis() != null
					&& NOT_AFFECTED.contains(String.valueOf(Json.text(vulnerability.analysis(), "state")))) {
				findings.notAffected();
				continue;
			}
			List<String> aliases = listOf(vulnerability.references()).stream().map(Reference::id).toList();
			String source = sourceName(vulnerability.source());
			List<CvssCandidate> cvss = cvss(vulnerability, source);
			String severity = severity(vulnerability, source);
			List<Affects> affects = listOf(vulnerability.affects());
			if (affects.isEmpty()) {
				findings.add(vulnerability.id(), aliases, AffectedPackage.NONE, null, severity, cvss);
			}
			for (Affects affected : affects) {
				findings.add(vulnerability.id(), aliases, affectedPackage(affected.ref(), byRef), null, severity, cvss);
			}
		}
		String timestamp = (document.metadata() != null) ? document.metadata().timestamp() : null;
		return new ScanReport(ReportFormat.CYCLONEDX, tool(document, "name"), tool(document, "version"), null,
				Json.timestamp(file, "metadata.timestamp", timestamp), identity(image, document.components()),
				findings.findings(), findings.notAffectedCount());
	}

	private static void index(Map<String, Component> byRef, List<Component> components) {
		for (Component component : listOf(components)) {
			if (component.bomRef() != null) {
				byRef.putIfAbsent(component.bomRef(), component);
			}
			index(byRef, component.components());
		}
	}

	private static AffectedPackage affectedPackage(String ref, Map<String, Component> byRef) {
		String key = Json.blankToNull(ref);
		if (key == null) {
			return AffectedPackage.NONE;
		}
		if (key.startsWith("urn:cdx:") && key.contains("#")) {
			key = URLDecoder.decode(key.substring(key.indexOf('#') + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
		}
		Component component = byRef.get(key);
		if (component != null) {
			Purl purl = Purl.parse(component.purl());
			String name = (component.group() != null) ? component.group() + ":" + component.name() : component.name();
			return new AffectedPackage(name, component.version(), (purl != null) ? purl.type() : component.type(),
					component.purl());
		}
		Purl purl = Purl.parse(key);
		if (purl != null) {
			return new AffectedPackage(purl.packageName(), purl.version(), purl.type(), key);
		}
		return new AffectedPackage(key, null, null, null);
	}

	private static List<CvssCandidate> cvss(Vulnerability vulnerability, String vulnerabilitySource) {
		List<CvssCandidate> cvss = new ArrayList<>();
		for (Rating rating : listOf(vulnerability.ratings())) {
			String method = String.valueOf(rating.method()).toUpperCase(Locale.ROOT);
			String minor = switch (method) {
				case "CVSSV2" -> "2.0";
				case "CVSSV3" -> "3.0";
				case "CVSSV31" -> "3.1";
				case "CVSSV4", "CVSSV40" -> "4.0";
				default -> null;
			};
			int version = (minor != null) ? CvssCandidate.major(minor) : CvssCandidate.majorOfVector(rating.vector());
			if (version != 0) {
				String source = sourceName(rating.source());
				cvss.add(new CvssCandidate(version, minor, Json.score(rating.score()), rating.vector(),
						(source != null) ? source : vulnerabilitySource));
			}
		}
		return cvss;
	}

	/** The severity the vulnerability's own source gives, else the first one given. */
	private static String severity(Vulnerability vulnerability, String vulnerabilitySource) {
		String first = null;
		for (Rating rating : listOf(vulnerability.ratings())) {
			String severity = Json.blankToNull(rating.severity());
			String source = sourceName(rating.source());
			if (severity != null && source != null && source.equals(vulnerabilitySource)) {
				return severity;
			}
			first = (first != null) ? first : severity;
		}
		return first;
	}

	/**
	 * The image is the metadata component: Trivy's RepoDigest property first, so that an image gets
	 * the same identity from Trivy's CycloneDX as from its JSON, then a {@code pkg:oci} package URL
	 * (its version is the repository digest), Trivy's RepoTag properties, the component's name, a
	 * digest as its version, Trivy's ImageID property.
	 */
	private static ImageIdentity identity(Component image, List<Component> components) {
		IdentityBuilder identity = new IdentityBuilder();
		for (Component component : listOf(components)) {
			if ("operating-system".equals(component.type())) {
				identity.os(component.name(), component.version());
				break;
			}
		}
		if (image == null) {
			return identity.build();
		}
		listOf(image.properties()).stream()
			.filter(property -> (TRIVY_PROPERTY + "RepoDigest").equals(property.name()))
			.forEach(property -> identity.repoDigest(property.value()));
		Purl purl = Purl.parse(image.purl());
		String repository = null;
		if (purl != null && purl.type().equals("oci") && purl.version() != null) {
			repository = purl.qualifiers().getOrDefault("repository_url", purl.name());
			identity.repoDigest(repository + "@" + purl.version());
		}
		listOf(image.properties()).stream()
			.filter(property -> (TRIVY_PROPERTY + "RepoTag").equals(property.name()))
			.forEach(property -> identity.tag(property.value()));
		if (repository != null && purl.qualifiers().containsKey("tag")) {
			identity.tag(repository + ":" + purl.qualifiers().get("tag"));
		}
		identity.requested(image.name());
		String version = Json.blankToNull(image.version());
		if (version != null && version.startsWith("sha256:")) {
			// Syft and Grype put the manifest digest of a scanned image in its version.
			identity.manifestDigest(version);
		}
		listOf(image.properties()).stream()
			.filter(property -> (TRIVY_PROPERTY + "ImageID").equals(property.name()))
			.findFirst()
			.ifPresent(property -> identity.configId(property.value()));
		return identity.build();
	}

	/** The first tool's field; spec 1.4 lists tools, 1.5 and later hold them under {@code tools.components}. */
	private static String tool(Document document, String field) {
		if (document.metadata() == null || document.metadata().tools() == null) {
			return null;
		}
		JsonNode tools = document.metadata().tools();
		JsonNode first = tools.isArray() ? tools.path(0) : tools.path("components").path(0);
		return Json.text(first, field);
	}

	private static String sourceName(Source source) {
		return (source != null) ? Json.blankToNull(source.name()) : null;
	}

	private static <T> List<T> listOf(List<T> list) {
		return (list != null) ? list : List.of();
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Document(Metadata metadata, List<Component> components, List<Vulnerability> vulnerabilities) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Metadata(String timestamp, JsonNode tools, Component component) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Component(@JsonProperty("bom-ref") String bomRef, String type, String group, String name, String version,
			String purl, List<Property> properties, List<Component> components) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Property(String name, String value) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Vulnerability(String id, Source source, List<Reference> references, List<Rating> ratings,
			JsonNode analysis, List<Affects> affects) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Source(String name) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Reference(String id) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Rating(Source source, JsonNode score, String severity, String method, String vector) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Affects(String ref) {
	}

}
