package dev.assay.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import dev.assay.runtime.PodLists.Container;
import dev.assay.testing.Cli;
import dev.assay.testing.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code runtime-reconcile} over snapshot folders: each cluster that answered is replaced whole, a
 * failing one keeps its last snapshot marked stale, the job fails only when every cluster failed,
 * and what status shows of it.
 */
class RuntimeReconcileTests {

	private static final String ON = "--assay.runtime.enabled=true";

	@TempDir
	Path home;

	Cli cli;

	Sql sql;

	@BeforeEach
	void database() {
		this.cli = new Cli("runtime_reconcile", this.home);
		this.sql = new Sql(this.cli.jdbcUrl());
	}

	@Test
	void offByDefaultTheJobReadsNothingAndSaysSo() {
		new PodLists().running("web", "front-1", "nginx:1.27", "nginx@" + PodLists.digest('a'))
			.write(cluster("alpha"), "pods.json");

		Cli.Result result = this.cli.run("run", "runtime-reconcile");

		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(result.out()).contains("The runtime view is off (assay.runtime.enabled=false)");
		assertThat(this.sql.count("SELECT COUNT(*) FROM runtime_container")).isZero();
		assertThat(this.sql.count("SELECT COUNT(*) FROM runtime_cluster")).isZero();
	}

	@Test
	void withoutAnyClusterTheJobCompletesAndSaysWhatToConfigure() {
		Cli.Result result = this.cli.run("run", "runtime-reconcile", ON);

		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(result.out()).contains(
				"No clusters: configure assay.runtime.clusters or put snapshot folders in assay.runtime.snapshots-dir");
	}

	@Test
	void threeClustersOneFailingKeepsItsLastSnapshotAndReplacesTheOthers() throws IOException {
		snapshot("alpha", "1.json", Instant.parse("2026-11-01T10:00:00Z"), new PodLists()
			.running("web", "front-1", "nginx:1.27", "docker.io/library/nginx@" + PodLists.digest('a'))
			.running("web", "front-2", "nginx:1.27", "docker.io/library/nginx@" + PodLists.digest('a')));
		snapshot("beta", "1.json", Instant.parse("2026-11-01T10:00:00Z"),
				new PodLists().running("jobs", "worker-1", "ghcr.io/org/worker:2", "ghcr.io/org/worker@" + PodLists.digest('b')));
		Instant gammaTime = Instant.parse("2026-11-01T10:00:00Z");
		snapshot("gamma", "1.json", gammaTime, new PodLists()
			.running("db", "pg-0", "postgres:16", "postgres@" + PodLists.digest('c'))
			.running("db", "pg-1", "postgres:16", "postgres@" + PodLists.digest('c')));
		Cli.Result first = this.cli.run("run", "runtime-reconcile", ON);
		assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
		List<List<Object>> gammaBefore = rows("gamma");

		// given: front-2 stopped, beta moved to a new image, gamma's newest file is cut off
		snapshot("alpha", "2.json", Instant.parse("2026-11-01T11:00:00Z"), new PodLists()
			.running("web", "front-1", "nginx:1.27", "docker.io/library/nginx@" + PodLists.digest('a')));
		snapshot("beta", "2.json", Instant.parse("2026-11-01T11:00:00Z"),
				new PodLists().running("jobs", "worker-1", "ghcr.io/org/worker:3", "ghcr.io/org/worker@" + PodLists.digest('d')));
		Path cut = cluster("gamma").resolve("2.json");
		String whole = Files.readString(new PodLists().running("db", "pg-0", "postgres:17", "postgres@" + PodLists.digest('e'))
			.write(cluster("gamma"), "2.json"));
		Files.writeString(cut, whole.substring(0, whole.length() / 2));
		Files.setLastModifiedTime(cut, FileTime.from(Instant.parse("2026-11-01T11:00:00Z")));

		Cli.Result second = this.cli.run("run", "runtime-reconcile", ON);

		assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
		assertThat(second.out()).contains("3 read, 2 answered, 1 failed (gamma)")
			.contains("cluster gamma failed, keeps its snapshot of " + gammaTime + " (")
			.contains(" old), marked stale: " + cut + " ends in the middle of its JSON");
		assertThat(rows("alpha")).containsExactly(List.of("web", "front-1", "container app", "nginx:1.27"));
		assertThat(digests("beta")).containsExactly(PodLists.digest('d'));
		assertThat(rows("gamma")).isEqualTo(gammaBefore).hasSize(2);
		JsonNode clusters = status().get("clusters");
		assertThat(clusters).hasSize(3);
		assertThat(clusters.get(2).get("name").stringValue()).isEqualTo("gamma");
		assertThat(clusters.get(2).get("stale").booleanValue()).isTrue();
		assertThat(clusters.get(2).get("runningContainers").intValue()).isEqualTo(2);
		assertThat(clusters.get(2).get("lastSuccess").stringValue()).isEqualTo(gammaTime.toString());
		assertThat(clusters.get(2).get("error").stringValue()).contains("ends in the middle of its JSON");
		assertThat(clusters.get(0).get("stale").booleanValue()).isFalse();
		assertThat(clusters.get(0).get("error").isNull()).isTrue();
		assertThat(clusters.get(0).get("runningContainers").intValue()).isEqualTo(1);
		assertThat(clusters.get(0).get("source").stringValue()).isEqualTo("SNAPSHOT");
		assertThat(clusters.get(0).get("lastSuccess").stringValue()).isEqualTo("2026-11-01T11:00:00Z");
	}

	@Test
	void everyClusterFailingFailsTheJobAndKeepsTheirRows() throws IOException {
		snapshot("alpha", "1.json", Instant.parse("2026-11-01T10:00:00Z"),
				new PodLists().running("web", "front-1", "nginx:1.27", "nginx@" + PodLists.digest('a')));
		Cli.Result first = this.cli.run("run", "runtime-reconcile", ON);
		assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
		Path notJson = cluster("alpha").resolve("2.json");
		Files.writeString(notJson, "<html>502 Bad Gateway</html>");
		Files.setLastModifiedTime(notJson, FileTime.from(Instant.parse("2026-11-01T11:00:00Z")));
		Files.createDirectories(cluster("empty"));
		Path odd = new PodLists().running("Web Team", "front-1", "nginx:1.27", "nginx@" + PodLists.digest('a'))
			.write(cluster("odd"), "1.json");

		Cli.Result second = this.cli.run("run", "runtime-reconcile", ON);

		assertThat(second.exitCode()).as(second.out() + second.err()).isEqualTo(1);
		assertThat(second.out()).contains("Every cluster failed (alpha, empty, odd)")
			.contains(odd + ": the item at line 1, column ")
			.contains(" is a pod whose namespace 'Web Team' is no Kubernetes name")
			.contains(notJson + " is not valid JSON at line 1, column 1: Unexpected character")
			.contains("cluster empty failed, has no snapshot yet: No snapshot in " + cluster("empty"));
		assertThat(rows("alpha")).hasSize(1);
		assertThat(this.sql.rows("SELECT name, stale FROM runtime_cluster ORDER BY name"))
			.containsExactly(List.of("alpha", true), List.of("empty", true), List.of("odd", true));
	}

	@Test
	void aRunWhereNothingChangedWritesNoContainerRow() throws IOException {
		snapshot("alpha", "1.json", Instant.parse("2026-11-01T10:00:00Z"), new PodLists()
			.running("web", "front-1", "nginx:1.27", "nginx@" + PodLists.digest('a'))
			.pod("web", "front-2", new Container("app", "nginx:1.27", "nginx@" + PodLists.digest('a'), "running"),
					new Container("sidecar", "envoy:1", "envoy@" + PodLists.digest('b'), "running")));

		Cli.Result first = this.cli.run("run", "runtime-reconcile", ON);
		long firstWritten = this.cli.lastExecution("runtime-reconcile").get("written").longValue();
		List<List<Object>> before = this.sql.rows("SELECT * FROM runtime_container ORDER BY namespace, pod, container");
		Cli.Result second = this.cli.run("run", "runtime-reconcile", ON);

		assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
		assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
		assertThat(first.out()).contains("3 running containers in those that answered: 3 added, 0 changed, 0 gone");
		assertThat(second.out()).contains("3 running containers in those that answered: 0 added, 0 changed, 0 gone");
		assertThat(firstWritten).isGreaterThanOrEqualTo(3);
		assertThat(this.sql.rows("SELECT * FROM runtime_container ORDER BY namespace, pod, container")).isEqualTo(before);
	}

	@Test
	void excludedNamespacesAndStoppedContainersAreNotRunningInstances() {
		snapshot("alpha", "1.json", Instant.parse("2026-11-01T10:00:00Z"), new PodLists()
			.running("kube-system", "coredns-1", "coredns:1.11", "coredns@" + PodLists.digest('a'))
			.running("web", "front-1", "nginx:1.27", "nginx@" + PodLists.digest('b'))
			.pod("web", "job-1", new Container("main", "bash:5", "bash@" + PodLists.digest('c'), "terminated"))
			.pod("web", "new-1", new Container("main", "bash:5", "", "waiting")));

		Cli.Result result = this.cli.run("run", "runtime-reconcile", ON, "--assay.runtime.exclude-namespaces=kube-system");

		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(this.sql.rows("SELECT namespace, pod FROM runtime_container")).containsExactly(List.of("web", "front-1"));
	}

	@Test
	void runningImagesNeverScannedAreUnknownNotScanned() {
		snapshot("alpha", "1.json", Instant.parse("2026-11-01T10:00:00Z"), new PodLists()
			.running("web", "front-1", "ghcr.io/org/app:1.0", "ghcr.io/org/app@" + PodLists.digest('a'))
			.running("web", "front-2", "ghcr.io/org/app:1.0", "ghcr.io/org/app@" + PodLists.digest('a')));

		Cli.Result result = this.cli.run("run", "runtime-reconcile", ON);
		Cli.Result image = this.cli.run("image", "ghcr.io/org/app@" + PodLists.digest('a'), "--json");
		Cli.Result text = this.cli.run("image", "ghcr.io/org/app@" + PodLists.digest('a'));
		Cli.Result status = this.cli.run("status", ON);

		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(this.sql.rows("""
				SELECT i.registry, i.repository, i.digest, i.digest_kind, i.scan_status, i.unknown_reason, a.result
				FROM image i JOIN image_assessment a ON a.image_id = i.id""")).containsExactly(List.of("ghcr.io",
				"org/app", PodLists.digest('a'), "REPOSITORY", "NOT_SCANNED", "not scanned", "UNKNOWN"));
		JsonNode view = JsonMapper.shared().readTree(image.out());
		assertThat(view.get("result").stringValue()).isEqualTo("UNKNOWN");
		assertThat(view.get("clusters").intValue()).isEqualTo(1);
		assertThat(view.get("runningInstances").intValue()).isEqualTo(2);
		assertThat(view.get("runningIn").get(1).toString())
			.isEqualTo("{\"cluster\":\"alpha\",\"namespace\":\"web\",\"pod\":\"front-2\",\"container\":\"app\"}");
		assertThat(text.out()).contains("Running     2 containers in 1 clusters");
		assertThat(status.out()).contains("clusters: 1 clusters, 0 stale\n  alpha (SNAPSHOT): 2 running containers,"
				+ " snapshot of 2026-11-01T10:00:00Z, ");
	}

	@Test
	void aClusterWhoseFolderWentAwayKeepsItsRowsMarkedStale() throws IOException {
		snapshot("alpha", "1.json", Instant.parse("2026-11-01T10:00:00Z"),
				new PodLists().running("web", "front-1", "nginx:1.27", "nginx@" + PodLists.digest('a')));
		snapshot("beta", "1.json", Instant.parse("2026-11-01T10:00:00Z"),
				new PodLists().running("web", "front-1", "nginx:1.27", "nginx@" + PodLists.digest('a')));
		Cli.Result first = this.cli.run("run", "runtime-reconcile", ON);
		Files.delete(cluster("beta").resolve("1.json"));
		Files.delete(cluster("beta"));

		Cli.Result second = this.cli.run("run", "runtime-reconcile", ON);

		assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
		assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
		assertThat(second.out()).contains("cluster beta was not read: no longer configured and no snapshot folder");
		assertThat(this.sql.rows("SELECT cluster, stale, error FROM runtime_container JOIN runtime_cluster ON name = cluster"
				+ " ORDER BY cluster")).containsExactly(Arrays.asList("alpha", false, null),
						Arrays.<Object>asList("beta", true, "no longer configured: not in assay.runtime.clusters and no folder in "
								+ this.home.resolve("runtime") + "; its last snapshot is kept"));
	}

	@Test
	void aClusterNameThatIsNoNameIsRefusedAtStart() {
		Cli.Result result = this.cli.run("run", "runtime-reconcile", ON, "--assay.runtime.clusters[0].name=prod");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains(
				"assay.runtime.clusters[0] (prod) needs either .kubeconfig (with an optional .context) or .in-cluster=true");
	}

	private JsonNode status() {
		Cli.Result status = this.cli.run("status", "--json", ON);
		assertThat(status.exitCode()).as(status.out() + status.err()).isZero();
		return JsonMapper.shared().readTree(status.out());
	}

	private List<List<Object>> rows(String cluster) {
		return this.sql.rows("SELECT namespace, pod, CONCAT('container ', container), image_ref FROM runtime_container"
				+ " WHERE cluster = '" + cluster + "' ORDER BY namespace, pod, container");
	}

	private List<Object> digests(String cluster) {
		return this.sql.rows("SELECT i.digest FROM runtime_container c JOIN image i ON i.id = c.image_id WHERE c.cluster = '"
				+ cluster + "'").stream().map(row -> row.get(0)).toList();
	}

	private Path cluster(String name) {
		return this.home.resolve("runtime").resolve(name);
	}

	private void snapshot(String cluster, String file, Instant time, PodLists pods) {
		Path written = pods.write(cluster(cluster), file);
		try {
			Files.setLastModifiedTime(written, FileTime.from(time));
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
