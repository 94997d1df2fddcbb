package dev.assay.registry;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.assay.scans.ImageReference;

/**
 * Runs the configured scanner on one image reference, without a shell: the program and its
 * arguments as a list ({@code grype <ref> -o json}, {@code trivy image --format json --quiet <ref>}),
 * the registry's credentials in the scanner's own environment variables (never on the command line,
 * where {@code ps} shows them). Its stdout goes to a file in the work folder, its stderr to another,
 * of which the end becomes the reason of a failed scan, redacted. A run that outlasts the timeout
 * is killed with its child processes. Thread-safe; one process per call.
 */
final class ScannerProcess {

	/** How much of the scanner's stderr a failure reason keeps: the end, where the error is. */
	private static final int REASON_CHARS = 600;

	private final ScannerProperties scanner;

	private final Path workDir;

	private final Redactor redactor;

	ScannerProcess(ScannerProperties scanner, Path workDir, Redactor redactor) {
		this.scanner = scanner;
		this.workDir = workDir;
		this.redactor = redactor;
	}

	/** The argument list for one reference, validated by {@link ImageReference} before it got here. */
	List<String> command(ImageReference reference) {
		return switch (this.scanner.type()) {
			case "trivy" -> List.of(this.scanner.command(), "image", "--format", "json", "--quiet", reference.toString());
			default -> List.of(this.scanner.command(), reference.toString(), "-o", "json");
		};
	}

	/**
	 * Scans one image.
	 * @param registry the registry whose credentials and TLS settings the scanner gets; {@code null}
	 * for anonymous access
	 * @return the file holding the scanner's stdout; the caller deletes it
	 * @throws ScanFailedException where the scanner timed out, failed or wrote too much
	 * @throws RegistryException where the scanner cannot be started at all
	 */
	Path scan(ImageReference reference, RegistrySettings registry) {
		Path out = null;
		Path err = null;
		try {
			out = Files.createTempFile(this.workDir, "scan-", ".json");
			err = Files.createTempFile(this.workDir, "scan-", ".stderr");
			ProcessBuilder builder = new ProcessBuilder(command(reference)).redirectOutput(out.toFile())
				.redirectError(err.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
			environment(builder.environment(), registry);
			Process process = start(builder);
			if (!process.waitFor(this.scanner.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
				kill(process);
				throw new ScanFailedException(name() + " did not finish within " + this.scanner.timeout()
						+ " and was stopped (assay.scanner.timeout)" + stderr(err, ": "));
			}
			if (process.exitValue() != 0) {
				throw new ScanFailedException(name() + " exited with code " + process.exitValue() + stderr(err, ": "));
			}
			if (Files.size(out) > this.scanner.maxOutput().toBytes()) {
				throw new ScanFailedException(name() + " wrote more than " + this.scanner.maxOutput()
						+ " of report; raise assay.scanner.max-output if images are really that large");
			}
			Path report = out;
			out = null;
			return report;
		}
		catch (IOException ex) {
			throw new ScanFailedException("Could not run " + name() + ": " + this.redactor.redact(ex.getMessage()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ScanFailedException(name() + " was interrupted");
		}
		finally {
			delete(out);
			delete(err);
		}
	}

	private Process start(ProcessBuilder builder) {
		try {
			return builder.start();
		}
		catch (IOException ex) {
			throw new RegistryException("The scanner " + this.scanner.command() + " could not be started ("
					+ ex.getMessage() + "); install " + this.scanner.type() + " or set assay.scanner.command to its path.",
					ex);
		}
	}

	/**
	 * The scanners' own settings for registry access; see their documentation. Without a registry
	 * (a running image on a host no registry is configured for) the scanner pulls anonymously, with
	 * its own defaults: HTTPS and TLS verified.
	 */
	private static void environment(Map<String, String> environment, RegistrySettings registry) {
		if (registry == null) {
			return;
		}
		boolean plainHttp = registry.baseUrl().scheme().equals("http");
		if (!registry.anonymous()) {
			environment.put("GRYPE_REGISTRY_AUTH_AUTHORITY", registry.host());
			environment.put("GRYPE_REGISTRY_AUTH_USERNAME", registry.username());
			environment.put("GRYPE_REGISTRY_AUTH_PASSWORD", registry.password());
			environment.put("TRIVY_USERNAME", registry.username());
			environment.put("TRIVY_PASSWORD", registry.password());
		}
		if (plainHttp) {
			environment.put("GRYPE_REGISTRY_INSECURE_USE_HTTP", "true");
		}
		if (registry.insecureTls()) {
			environment.put("GRYPE_REGISTRY_INSECURE_SKIP_TLS_VERIFY", "true");
		}
		if (plainHttp || registry.insecureTls()) {
			environment.put("TRIVY_INSECURE", "true");
		}
	}

	/** Kills the scanner and what it started: a scanner's helpers would otherwise run on. */
	private static void kill(Process process) throws InterruptedException {
		List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
		process.destroyForcibly();
		tree.forEach(ProcessHandle::destroyForcibly);
		process.waitFor(10, TimeUnit.SECONDS);
	}

	/** The end of the scanner's stderr on one line, redacted, after {@code prefix}; empty when it wrote none. */
	private String stderr(Path err, String prefix) throws IOException {
		try (RandomAccessFile file = new RandomAccessFile(err.toFile(), "r")) {
			long length = file.length();
			int read = (int) Math.min(length, REASON_CHARS * 4L);
			byte[] bytes = new byte[read];
			file.seek(length - read);
			file.readFully(bytes);
			String text = this.redactor.redact(new String(bytes, StandardCharsets.UTF_8)).strip().replaceAll("\\s+", " ");
			if (text.length() > REASON_CHARS) {
				text = "..." + text.substring(text.length() - REASON_CHARS);
			}
			return text.isEmpty() ? "" : prefix + text;
		}
	}

	private String name() {
		return this.scanner.type() + " (" + this.scanner.command() + ")";
	}

	private static void delete(Path file) {
		if (file != null) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				// A leftover scratch file is harmless; the work folder is assay's own.
			}
		}
	}

}
