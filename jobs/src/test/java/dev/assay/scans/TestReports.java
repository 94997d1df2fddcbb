package dev.assay.scans;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import dev.assay.testing.Sql;

/**
 * Small Grype reports written for import tests, where a test needs images, tags and times of its
 * own choosing, and dumps of the scans tables for comparing states.
 */
final class TestReports {

	private TestReports() {
	}

	/** A digest made from a hex digit, e.g. {@code sha256:aaaa...}. */
	static String digest(char letter) {
		return "sha256:" + String.valueOf(letter).repeat(64);
	}

	/**
	 * A Grype report of {@code registry.example.com/team/<repository>}, one finding per id (each in
	 * package {@code openssl 1.1}, NVD v3 score 7.5).
	 * @param digest the repository digest, or {@code null} for a report that gives none
	 * @param tags the image's tags; the first is the reference that was scanned
	 * @param timestamp the report's {@code descriptor.timestamp}
	 */
	static String grype(String repository, String digest, List<String> tags, String timestamp, String... ids) {
		String name = "registry.example.com/team/" + repository;
		String matches = List.of(ids).stream().map(id -> """
				{"vulnerability": {"id": "%s", "severity": "High", "cvss": [{"source": "nvd@nist.gov", "version": "3.1",
				   "vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", "metrics": {"baseScore": 7.5}}]},
				 "artifact": {"name": "openssl", "version": "1.1", "type": "deb"}}""".formatted(id))
			.collect(Collectors.joining(", "));
		return """
				{"matches": [%s],
				 "source": {"type": "image", "target": {"userInput": "%s", "repoDigests": [%s], "tags": [%s]}},
				 "distro": {"name": "debian", "version": "12"},
				 "descriptor": {"name": "grype", "version": "0.99.0", "timestamp": "%s"}}"""
			.formatted(matches, name + ":" + tags.get(0), (digest != null) ? "\"" + name + "@" + digest + "\"" : "",
					tags.stream().map(tag -> "\"" + name + ":" + tag + "\"").collect(Collectors.joining(", ")),
					timestamp);
	}

	static Path write(Path dir, String name, String json) {
		try {
			Files.createDirectories(dir);
			return Files.writeString(dir.resolve(name), json);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Every row of the scans tables, in key order: two equal dumps are two equal states. */
	static String dump(Sql sql) {
		StringBuilder dump = new StringBuilder();
		for (String query : List.of("SELECT * FROM image ORDER BY id", "SELECT * FROM image_tag ORDER BY image_id, tag",
				"SELECT * FROM scan ORDER BY id", "SELECT * FROM finding ORDER BY id",
				"SELECT * FROM scan_file ORDER BY sha256")) {
			dump.append(query).append('\n');
			sql.rows(query).forEach(row -> dump.append(row).append('\n'));
		}
		return dump.toString();
	}

}
