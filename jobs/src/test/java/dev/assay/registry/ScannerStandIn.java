package dev.assay.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.assay.testing.Fixtures;

/**
 * The scanner stand-in ({@code src/test/resources/registry/scanner-stand-in.sh}) copied into a test
 * folder with the fixture each repository's scan prints, and the calls it received.
 */
final class ScannerStandIn {

	static final String GRYPE_FIXTURE = "grype/anchore-grype/keycloak-test.json";

	static final String TRIVY_FIXTURE = "trivy/aquasecurity-trivy/alpine-310.json.golden";

	private final Path dir;

	ScannerStandIn(Path dir, Map<String, String> fixtureByRepository) {
		this.dir = dir;
		try {
			Files.createDirectories(dir);
			Path script = script();
			try (InputStream in = ScannerStandIn.class.getResourceAsStream("/registry/scanner-stand-in.sh")) {
				Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
			}
			Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
			Files.writeString(dir.resolve("fixtures"), Fixtures.root().toString());
			Files.writeString(dir.resolve("map"), fixtureByRepository.entrySet()
				.stream()
				.map(entry -> entry.getKey() + " " + entry.getValue() + "\n")
				.collect(Collectors.joining()));
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

	Path script() {
		return this.dir.resolve("scanner.sh");
	}

	/** The argument lists of every call so far, in order. */
	List<List<String>> calls() {
		Path log = this.dir.resolve("calls.log");
		try {
			return Files.exists(log) ? Files.readAllLines(log).stream().map(line -> List.of(line.split("\t"))).toList()
					: List.of();
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

	/** The image references the scanner was given (grype form: the first argument). */
	List<String> scanned() {
		return calls().stream().map(call -> call.get(0).equals("image") ? call.get(call.size() - 1) : call.get(0)).toList();
	}

	Path hangPid() {
		return this.dir.resolve("hang.pid");
	}

}
