package dev.assay.registry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code WWW-Authenticate} challenge as registries send it: {@code Basic realm="..."} or
 * {@code Bearer realm="https://auth/token",service="registry",scope="repository:app:pull"}.
 *
 * @param scheme {@code basic} or {@code bearer}, lower case
 * @param parameters the challenge's parameters, names in lower case
 */
record Challenge(String scheme, Map<String, String> parameters) {

	private static final Pattern PARAMETER = Pattern.compile("([A-Za-z_]+)\\s*=\\s*(?:\"([^\"]*)\"|([^,\\s]*))");

	/** The challenge of a header, {@code null} where there is none. */
	static Challenge parse(String header) {
		if (header == null || header.isBlank()) {
			return null;
		}
		String trimmed = header.trim();
		int space = trimmed.indexOf(' ');
		String scheme = ((space < 0) ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
		Map<String, String> parameters = new LinkedHashMap<>();
		if (space > 0) {
			Matcher matcher = PARAMETER.matcher(trimmed.substring(space + 1));
			while (matcher.find()) {
				parameters.put(matcher.group(1).toLowerCase(Locale.ROOT),
						(matcher.group(2) != null) ? matcher.group(2) : matcher.group(3));
			}
		}
		return new Challenge(scheme, parameters);
	}

	boolean bearer() {
		return this.scheme.equals("bearer");
	}

	boolean basic() {
		return this.scheme.equals("basic");
	}

	String realm() {
		return this.parameters.get("realm");
	}

	String service() {
		return this.parameters.get("service");
	}

	String scope() {
		return this.parameters.get("scope");
	}

}
