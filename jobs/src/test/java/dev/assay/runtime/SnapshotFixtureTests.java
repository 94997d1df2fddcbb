package dev.assay.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.assay.testing.Cli;
import dev.assay.testing.Fixtures;
import dev.assay.testing.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every real pod list of {@code ../shared/fixtures/k8s/} (kubelet and kubectl forms, Docker and
 * containerd runtimes, a Pending pod without statuses, bare {@code sha256:} image ids, an empty
 * one), each as the snapshot of a cluster of its own. What should land is worked out here from
 * the raw JSON: the running containers, and for each the digest its {@code imageID} gives.
 */
class SnapshotFixtureTests {

	private static final List<String> STATUS_LISTS = List.of("containerStatuses", "initContainerStatuses",
			"ephemeralContainerStatuses");

	@TempDir
	Path home;

	@Test
	void everyFixturePodListReconcilesToItsRunningContainers() throws IOException {
		Map<String, Map<String, Expected>> expected = new HashMap<>();
		List<Path> files;
		try (Stream<Path> list = Files.list(Fixtures.root().resolve("k8s"))) {
			files = list.filter(file -> file.toString().endsWith(".json")).sorted().toList();
		}
		assertThat(files).hasSizeGreaterThanOrEqualTo(5);
		for (Path file : files) {
			String cluster = file.getFileName().toString().replace(".json", "").replace('_', '-');
			Path folder = Files.createDirectories(this.home.resolve("runtime").resolve(cluster));
			Files.copy(file, folder.resolve("pods.json"));
			expected.put(cluster, expectedRows(file));
		}
		Cli cli = new Cli("runtime_fixtures", this.home);
		Sql sql = new Sql(cli.jdbcUrl());

		Cli.Result result = cli.run("run", "runtime-reconcile", "--assay.runtime.enabled=true");
		Cli.Result status = cli.run("status", "--json");

		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(result.out()).contains(files.size() + " read, " + files.size() + " answered, 0 failed");
		for (JsonNode cluster : JsonMapper.shared().readTree(status.out()).get("clusters")) {
			String name = cluster.get("name").stringValue();
			assertThat(cluster.get("runningContainers").intValue()).as(name).isEqualTo(expected.get(name).size());
			assertThat(cluster.get("stale").booleanValue()).as(name).isFalse();
		}
		Map<String, Map<String, Expected>> stored = new HashMap<>();
		for (List<Object> row : sql.rows("""
				SELECT c.cluster, c.namespace, c.pod, c.container, c.image_ref, i.digest, c.digest_known
				FROM runtime_container c JOIN image i ON i.id = c.image_id""")) {
			stored.computeIfAbsent((String) row.get(0), cluster -> new HashMap<>())
				.put(row.get(1) + "/" + row.get(2) + "/" + row.get(3),
						new Expected((String) row.get(4), (String) row.get(5), (Boolean) row.get(6)));
		}
		assertThat(stored).isEqualTo(expected);
		// The edge cases the fixtures hold are all there, so none of them went untested.
		List<Expected> all = expected.values().stream().flatMap(rows -> rows.values().stream()).toList();
		assertThat(all).anyMatch(row -> !row.digestKnown() && row.digest().startsWith("sha256:"))
			.anyMatch(row -> row.digestKnown() && row.imageRef().startsWith("sha256:"));
		assertThat(sql.count("SELECT COUNT(*) FROM image WHERE scan_status = 'NOT_SCANNED' AND unknown_reason = 'not scanned'"))
			.isEqualTo(sql.count("SELECT COUNT(*) FROM image"));
	}

	/** The running containers of a pod list by namespace/pod/container, read from its raw JSON. */
	private static Map<String, Expected> expectedRows(Path file) {
		JsonNode list = JsonMapper.shared().readTree(file.toFile());
		Map<String, Expected> rows = new HashMap<>();
		for (JsonNode pod : list.get("items")) {
			String prefix = pod.get("metadata").get("namespace").stringValue() + "/"
					+ pod.get("metadata").get("name").stringValue() + "/";
			List<JsonNode> statuses = new ArrayList<>();
			STATUS_LISTS.forEach(name -> pod.path("status").path(name).forEach(statuses::add));
			for (JsonNode status : statuses) {
				if (status.path("state").has("running")) {
					String imageId = status.path("imageID").asString("");
					String id = imageId.contains("://") ? imageId.substring(imageId.indexOf("://") + 3) : imageId;
					String digest = id.contains("@") ? id.substring(id.indexOf('@') + 1) : id;
					rows.put(prefix + status.get("name").stringValue(),
							new Expected(status.get("image").stringValue(), digest, id.contains("@")));
				}
			}
		}
		return rows;
	}

	/** What one running container should be stored as: its image reference, its image's digest, whether known. */
	private record Expected(String imageRef, String digest, boolean digestKnown) {
	}

}
