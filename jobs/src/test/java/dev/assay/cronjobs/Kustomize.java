package dev.assay.cronjobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders a kustomization under {@code cronjobs/} with {@code kubectl kustomize}, as a user would,
 * and reads the resources back. Without kubectl the tests are skipped with a message, except under
 * {@code CI=true}, where that is a failure.
 */
final class Kustomize {

	static final Path ROOT = Path.of("..", "cronjobs").toAbsolutePath().normalize();

	private Kustomize() {
	}

	/** The resources that {@code kubectl kustomize cronjobs/<dir>} renders. */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> render(String dir) throws IOException, InterruptedException {
		Path output = Files.createTempFile("kustomize", ".yaml");
		try {
			Process process = new ProcessBuilder(kubectl(), "kustomize", ROOT.resolve(dir).toString())
				.redirectOutput(output.toFile())
				.redirectError(ProcessBuilder.Redirect.PIPE)
				.start();
			String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new AssertionError("kubectl kustomize " + dir + " failed: " + errors);
			}
			List<Map<String, Object>> resources = new ArrayList<>();
			for (Object document : new Yaml().loadAll(Files.readString(output))) {
				if (document != null) {
					resources.add((Map<String, Object>) document);
				}
			}
			return resources;
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	private static String kubectl() {
		for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
			if (Files.isExecutable(Path.of(dir, "kubectl"))) {
				return Path.of(dir, "kubectl").toString();
			}
		}
		String message = "kubectl is not on the PATH: the manifests cannot be rendered";
		if ("true".equals(System.getenv("CI"))) {
			throw new AssertionError(message);
		}
		Assumptions.abort(message);
		return null;
	}

	/** The value at a dotted path of maps, e.g. {@code spec.jobTemplate.spec}; list items by index. */
	@SuppressWarnings("unchecked")
	static <T> T at(Object node, String path) {
		Object current = node;
		for (String key : path.split("\\.")) {
			if (current instanceof List<?> list) {
				current = list.get(Integer.parseInt(key));
			}
			else if (current instanceof Map<?, ?> map) {
				current = map.get(key);
			}
			else {
				throw new AssertionError("No " + path + " (stopped at " + key + ") in " + node);
			}
		}
		return (T) current;
	}

}
