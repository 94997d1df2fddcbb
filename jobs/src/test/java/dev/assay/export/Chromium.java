package dev.assay.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Debian's headless {@code chromium} (installed by {@code .ci/run}), run on a local file with no
 * network, no extensions, no sync: what a user's browser would show, and what it logged.
 * Without it a test is skipped with a message; under {@code CI=true} its absence is a failure.
 */
final class Chromium {

	private Chromium() {
	}

	/** What one run printed: the page (for {@code --dump-dom}) and the browser's log. */
	record Run(int exitCode, String out, String log) {

		/** The page's console messages (errors included) as Chromium logs them. */
		List<String> consoleLines() {
			return this.log.lines().filter(line -> line.contains(":CONSOLE")).toList();
		}

	}

	static Run run(Path page, Path profile, String... mode) throws IOException, InterruptedException {
		String binary = binary();
		List<String> command = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
		command.addAll(List.of(mode));
		command.add(page.toUri().toString());
		Path out = Files.createTempFile(profile.getParent(), "chromium", ".out");
		Path log = Files.createTempFile(profile.getParent(), "chromium", ".log");
		Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
		if (!process.waitFor(120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("chromium did not finish in 120 s: " + command);
		}
		return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
				Files.readString(log, StandardCharsets.UTF_8));
	}

	private static String binary() {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
			if (Files.isExecutable(Path.of(dir, "chromium"))) {
				return Path.of(dir, "chromium").toString();
			}
		}
		String message = "chromium is not installed (apt-get install chromium; .ci/run does it)";
		if ("true".equals(System.getenv("CI"))) {
			throw new AssertionError(message);
		}
		Assumptions.abort(message);
		return null;
	}

}
