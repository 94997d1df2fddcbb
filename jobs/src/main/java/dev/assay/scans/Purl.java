package dev.assay.scans;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of a package URL ({@code pkg:type/namespace/name@version?qualifiers#subpath}) that
 * reports need: the package behind a CycloneDX reference and the image behind a {@code pkg:oci}
 * component. Percent-escapes are decoded.
 *
 * @param namespace {@code null} where there is none
 * @param version {@code null} where there is none
 */
record Purl(String type, String namespace, String name, String version, Map<String, String> qualifiers) {

	/** The package URL in {@code text}, or {@code null} where it is none. */
	static Purl parse(String text) {
		if (text == null || !text.regionMatches(true, 0, "pkg:", 0, 4)) {
			return null;
		}
		String rest = text.substring(4).replaceFirst("^/+", "");
		int hash = rest.indexOf('#');
		rest = (hash >= 0) ? rest.substring(0, hash) : rest;
		Map<String, String> qualifiers = new HashMap<>();
		int question = rest.indexOf('?');
		if (question >= 0) {
			for (String pair : rest.substring(question + 1).split("&")) {
				int equals = pair.indexOf('=');
				if (equals > 0) {
					qualifiers.put(pair.substring(0, equals).toLowerCase(Locale.ROOT), decode(pair.substring(equals + 1)));
				}
			}
			rest = rest.substring(0, question);
		}
		String version = null;
		int at = rest.lastIndexOf('@');
		if (at >= 0) {
			version = decode(rest.substring(at + 1));
			rest = rest.substring(0, at);
		}
		int firstSlash = rest.indexOf('/');
		int lastSlash = rest.lastIndexOf('/');
		if (firstSlash <= 0 || lastSlash == rest.length() - 1) {
			return null;
		}
		String namespace = (lastSlash > firstSlash) ? decode(rest.substring(firstSlash + 1, lastSlash)) : null;
		return new Purl(rest.substring(0, firstSlash).toLowerCase(Locale.ROOT), namespace,
				decode(rest.substring(lastSlash + 1)), Json.blankToNull(version), Map.copyOf(qualifiers));
	}

	/** The package name as scanners show it: Maven {@code group:artifact}, Go and npm {@code namespace/name}. */
	String packageName() {
		if (this.namespace == null) {
			return this.name;
		}
		return switch (this.type) {
			case "maven" -> this.namespace + ":" + this.name;
			case "golang", "npm" -> this.namespace + "/" + this.name;
			default -> this.name;
		};
	}

	/** A literal {@code +} stays a plus: package URLs escape spaces as {@code %20}, never {@code +}. */
	private static String decode(String text) {
		return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

}
