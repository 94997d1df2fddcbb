package dev.assay.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * The real third-party data in {@code ../shared/fixtures/}. A checkout without it skips the tests
 * that need it, with a message; under {@code CI=true} its absence fails them.
 */
public final class Fixtures {

	private Fixtures() {
	}

	/** The fixtures folder, found by walking up from the working directory. */
	public static Path root() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolveSibling("shared").resolve("fixtures");
			if (Files.isDirectory(candidate)) {
				return candidate;
			}
		}
		String message = "../shared/fixtures/ is missing: the real-data tests need it next to the repository";
		if ("true".equals(System.getenv("CI"))) {
			throw new AssertionError(message);
		}
		Assumptions.abort(message);
		return null;
	}

	/** Every Grype, Trivy and CycloneDX file of the fixtures, sorted; their PROVENANCE.md files left out. */
	public static java.util.List<Path> scanReports() {
		java.util.List<Path> files = new java.util.ArrayList<>();
		for (String folder : java.util.List.of("grype", "trivy", "cyclonedx")) {
			try (java.util.stream.Stream<Path> walk = Files.walk(root().resolve(folder))) {
				walk.filter(Files::isRegularFile)
					.filter(file -> !file.getFileName().toString().endsWith(".md"))
					.sorted()
					.forEach(files::add);
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}
		return files;
	}

	/** The path of a fixture file below the fixtures folder, with forward slashes. */
	public static String relative(Path file) {
		return root().relativize(file).toString().replace('\\', '/');
	}

	public static Path file(String relative) {
		Path file = root().resolve(relative);
		if (!Files.isRegularFile(file)) {
			throw new AssertionError("Fixture " + relative + " is missing from " + root());
		}
		return file;
	}

}
