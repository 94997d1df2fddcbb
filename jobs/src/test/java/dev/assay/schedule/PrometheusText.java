package dev.assay.schedule;

import java.util.Map;
import java.util.stream.Collectors;

/** Reads one sample out of the Prometheus text exposition format, for assertions. */
final class PrometheusText {

	private PrometheusText() {
	}

	/**
	 * The value of the sample {@code name} with exactly the given labels (label order does not
	 * matter); fails when there is none.
	 */
	static double value(String text, String name, Map<String, String> labels) {
		for (String line : text.split("\n")) {
			if (line.startsWith("#") || !line.startsWith(name + "{")) {
				continue;
			}
			String labelText = line.substring(name.length() + 1, line.lastIndexOf('}'));
			Map<String, String> found = java.util.Arrays.stream(labelText.split(","))
				.filter(pair -> !pair.isBlank())
				.map(pair -> pair.split("=", 2))
				.collect(Collectors.toMap(pair -> pair[0], pair -> pair[1].replace("\"", "")));
			if (found.equals(labels)) {
				return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		throw new AssertionError("No sample " + name + labels + " in:\n" + text);
	}

}
