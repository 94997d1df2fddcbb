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

	public static Path file(String relative) {
		Path file = root().resolve(relative);
		if (!Files.isRegularFile(file)) {
			throw new AssertionError("Fixture " + relative + " is missing from " + root());
		}
		return file;
	}

}
