package dev.assay.scans;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Tells a report's format from its content, never its name. One streaming pass reads the top-level
 * keys (or the first array element's), skipping their values, and stops as soon as a key settles
 * the format: {@code bomFormat}, {@code SchemaVersion}, or {@code matches} whose first element is
 * a Grype match. That spares reading a large report twice; binding it then reads the rest, and
 * refuses a truncated or malformed file, or one with more JSON after the report, as this pass would
 * (see {@link Json#problem}). Anything that is not a Grype, Trivy or CycloneDX report is refused
 * with what it looks like.
 */
final class FormatDetector {

	private static final int KEYS_SHOWN = 8;

	private FormatDetector() {
	}

	/**
	 * @throws ReportException for an empty, truncated or malformed file, or one in another format
	 */
	static ReportFormat detect(Path file) {
		if (!Files.isRegularFile(file)) {
			throw new ReportException(file + " does not exist or is not a file.");
		}
		try (JsonParser parser = Json.MAPPER.createParser(file)) {
			JsonToken first = parser.nextToken();
			if (first == null) {
				throw new ReportException(file + " is empty: the scanner wrote nothing. Scan the image again.");
			}
			return switch (first) {
				case START_OBJECT -> objectFormat(file, parser);
				case START_ARRAY -> arrayFormat(file, readFirstElementKeys(parser));
				default -> throw new ReportException(file + " holds a single JSON " + (first.isNumeric() ? "number"
						: first.isBoolean() ? "boolean" : (first == JsonToken.VALUE_STRING) ? "string" : "null")
						+ ", not a scan report. Import Grype, Trivy or CycloneDX JSON.");
			};
		}
		catch (JacksonException ex) {
			throw Json.problem(file, "scan report", ex);
		}
	}

	/** Reads the keys of the object just opened until one settles the format, else to its end. */
	private static ReportFormat objectFormat(Path file, JsonParser parser) {
		Keys keys = new Keys();
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			keys.names.add(name);
			if (value.isScalarValue()) {
				keys.scalars.put(name, parser.getValueAsString());
			}
			else if (name.equals("matches") && value == JsonToken.START_ARRAY) {
				if (startsWithGrypeMatch(parser)) {
					return ReportFormat.GRYPE;
				}
			}
			else {
				parser.skipChildren();
			}
			ReportFormat settled = settledBy(file, name, keys);
			if (settled != null) {
				return settled;
			}
		}
		if (parser.nextToken() != null) {
			throw new ReportException(file + " holds more than one JSON document (more follows at line "
					+ parser.currentTokenLocation().getLineNr() + "). Import one report per file.");
		}
		return objectFormat(file, keys);
	}

	/**
	 * Whether the array just opened starts with a Grype match (an object with a
	 * {@code vulnerability}); if it does not, the array is read to its end.
	 */
	private static boolean startsWithGrypeMatch(JsonParser parser) {
		JsonToken token = parser.nextToken();
		if (token == JsonToken.START_OBJECT) {
			Keys first = readKeys(parser);
			if (first.has("vulnerability")) {
				return true;
			}
		}
		else if (token != JsonToken.END_ARRAY) {
			parser.skipChildren();
		}
		while (token != JsonToken.END_ARRAY && (token = parser.nextToken()) != JsonToken.END_ARRAY) {
			parser.skipChildren();
		}
		return false;
	}

	/** The format where this key settles it, whatever other keys follow; {@code null} where it does not. */
	private static ReportFormat settledBy(Path file, String name, Keys keys) {
		if (name.equals("bomFormat")) {
			if (!"CycloneDX".equals(keys.scalar("bomFormat"))) {
				throw notReport(file, "a document with bomFormat '" + keys.scalar("bomFormat") + "'");
			}
			return ReportFormat.CYCLONEDX;
		}
		if (name.equals("SchemaVersion")) {
			if (!"2".equals(keys.scalar("SchemaVersion"))) {
				throw new ReportException(file + " is a Trivy report of SchemaVersion " + keys.scalar("SchemaVersion")
						+ ", which assay does not read; it reads SchemaVersion 2 and the older top-level array.");
			}
			return ReportFormat.TRIVY;
		}
		return null;
	}

	/** The format by every top-level key, where none settled it on its own. */
	private static ReportFormat objectFormat(Path file, Keys keys) {
		if (keys.has("matches") && (keys.has("source") || keys.has("descriptor"))) {
			return ReportFormat.GRYPE;
		}
		if (keys.has("ArtifactName") && keys.has("Results")) {
			return ReportFormat.TRIVY;
		}
		if (keys.has("ClusterName")) {
			throw new ReportException(file + " is a 'trivy k8s' cluster report (cluster "
					+ keys.scalarOr("ClusterName", "unnamed") + "): it mixes the results of many workloads without"
					+ " their image digests, so it cannot be assessed per image. Scan each image with"
					+ " 'trivy image --format json' and import those reports.");
		}
		if (keys.has("catalogVersion") || (keys.has("dateReleased") && keys.has("vulnerabilities"))) {
			throw notReport(file, "a CISA KEV catalog (catalogVersion " + keys.scalarOr("catalogVersion", "unknown")
					+ ")", "the KEV catalog is read by the kev-ingest job from assay.feeds.kev.url");
		}
		if (keys.has("kind") && keys.has("apiVersion")) {
			throw notReport(file, "a Kubernetes " + keys.scalar("kind") + " (apiVersion " + keys.scalar("apiVersion")
					+ ")", "cluster snapshots belong to the runtime view, not to scan results");
		}
		if (keys.has("spdxVersion")) {
			throw notReport(file, "an SPDX SBOM (" + keys.scalar("spdxVersion") + "), which lists no vulnerabilities");
		}
		if (keys.has("artifacts") && keys.has("descriptor")) {
			throw notReport(file, "a Syft SBOM, which lists no vulnerabilities", "scan it with grype -o json");
		}
		if (keys.has("schemaVersion") && (keys.has("layers") || keys.has("manifests"))) {
			throw notReport(file, "an OCI/Docker image manifest or index");
		}
		throw notReport(file, "a JSON object with keys " + keys.shown());
	}

	private static ReportFormat arrayFormat(Path file, Keys firstElement) {
		if (firstElement == null) {
			throw notReport(file, "an empty JSON array, which says nothing about any image");
		}
		if (firstElement.has("Target")) {
			return ReportFormat.TRIVY;
		}
		throw notReport(file, "a JSON array whose first element has keys " + firstElement.shown());
	}

	private static ReportException notReport(Path file, String looksLike) {
		return notReport(file, looksLike, null);
	}

	private static ReportException notReport(Path file, String looksLike, String note) {
		return new ReportException(file + " is not a scan report: it looks like " + looksLike
				+ ((note != null) ? "; " + note : "") + ". Import Grype JSON (matches), Trivy JSON"
				+ " (SchemaVersion 2 or the older array) or CycloneDX JSON with a vulnerabilities array.");
	}

	/** Reads the keys of the object just opened, up to and including its end. */
	private static Keys readKeys(JsonParser parser) {
		Keys keys = new Keys();
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			keys.names.add(name);
			if (value.isScalarValue()) {
				keys.scalars.put(name, parser.getValueAsString());
			}
			else {
				parser.skipChildren();
			}
		}
		return keys;
	}

	/**
	 * The keys of the first element if it is an object ({@code null} for an empty array); the
	 * first element settles the format, so the rest is left to binding.
	 */
	private static Keys readFirstElementKeys(JsonParser parser) {
		JsonToken token = parser.nextToken();
		if (token == JsonToken.START_OBJECT) {
			return readKeys(parser);
		}
		if (token != JsonToken.END_ARRAY) {
			parser.skipChildren();
			return new Keys();
		}
		return null;
	}

	/** Top-level keys in order, with the values of those that are scalars. */
	private static final class Keys {

		private final List<String> names = new ArrayList<>();

		private final Map<String, String> scalars = new HashMap<>();

		boolean has(String name) {
			return this.names.contains(name);
		}

		String scalar(String name) {
			return this.scalars.get(name);
		}

		String scalarOr(String name, String otherwise) {
			String value = this.scalars.get(name);
			return (value != null) ? value : otherwise;
		}

		String shown() {
			List<String> shown = this.names.subList(0, Math.min(KEYS_SHOWN, this.names.size()));
			return shown + ((this.names.size() > KEYS_SHOWN) ? " and " + (this.names.size() - KEYS_SHOWN) + " more" : "");
		}

	}

}
