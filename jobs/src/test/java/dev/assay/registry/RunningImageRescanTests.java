package dev.assay.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.assay.testing.Cli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code registry-rescan} scanning the running images never scanned (the runtime view's queue): a
 * pod list snapshot names images of the test registry and of a host no registry is configured for;
 * {@code runtime-reconcile} creates them NOT_SCANNED, and the rescan scans them by digest reference
 * onto those same image rows, with the registry's credentials where the host is a configured
 * registry's, under the rescan policy (back-off after a failure, sharding), and only when
 * {@code assay.rescan.running-images=true}.
 */
class RunningImageRescanTests {

	/** A host no registry is configured for; the scanner stand-in never contacts it. */
	private static final String ELSEWHERE = "quay.example.invalid";

	private static final String RUNNING_IMAGES = "assay.rescan.running-images";

	@TempDir
	Path home;

	TestRegistry registry;

	@AfterEach
	void stop() {
		if (this.registry != null) {
			this.registry.close();
		}
	}

	@Test
	void queuedRunningImagesAreScannedByDigestOntoTheImageRowsTheRuntimeCreated() throws IOException {
		// given: team/app is served by the configured registry; other/tool is in it but outside its
		// include pattern; x/new runs from a host no registry is configured for
		this.registry = TestRegistry.open(this.home.resolve("storage"), this.home);
		TestImages images = new TestImages(this.registry.url());
		String host = this.registry.host();
		String app = host + "/team/app@" + images.push("team/app", "1.0", "app-1");
		String tool = host + "/other/tool@" + images.push("other/tool", "2.0", "tool-2");
		String outside = ELSEWHERE + "/x/new@" + digestOf("x/new");
		Rescan rescan = new Rescan(this.home, this.registry.url(), Map.of("team/app", ScannerStandIn.GRYPE_FIXTURE,
				"other/tool", ScannerStandIn.GRYPE_FIXTURE, "x/new", ScannerStandIn.TRIVY_FIXTURE))
			.set("assay.registries[0].include[0]", "team/**")
			.set(RUNNING_IMAGES, "true");
		pods("prod", app, tool, outside);
		reconcile(rescan);
		List<List<Object>> before = rescan.sql.rows("SELECT id, registry, repository, digest FROM image ORDER BY id");
		assertThat(rescan.sql.rows("SELECT DISTINCT scan_status FROM image")).containsExactly(List.of("NOT_SCANNED"));
		assertThat(view(rescan, outside).path("result").asString()).isEqualTo("UNKNOWN");

		// when
		Cli.Result result = rescan.run();

		// then: each image scanned once by its digest reference, team/app as the registry's image
		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(rescan.scanner.scanned()).containsExactlyInAnyOrder(app, tool, outside);
		assertThat(rescan.sql.rows("SELECT id, registry, repository, digest FROM image ORDER BY id")).isEqualTo(before)
			.hasSize(3);
		assertThat(rescan.sql.rows("SELECT DISTINCT scan_status FROM image")).containsExactly(List.of("SCANNED"));
		assertThat(findings(rescan, "other/tool")).isEqualTo(RawReports.grypeFindings(ScannerStandIn.GRYPE_FIXTURE));
		assertThat(findings(rescan, "x/new")).isEqualTo(RawReports.trivyFindings(ScannerStandIn.TRIVY_FIXTURE));
		for (String reference : List.of(tool, outside)) {
			JsonNode view = view(rescan, reference);
			assertThat(view.path("result").asString()).as(reference).isIn("PASS", "WARN", "FAIL");
			assertThat(view.path("runningInstances").asInt()).as(reference).isEqualTo(1);
		}
		assertThat(result.out()).contains("Scans: 1 run (1 succeeded, 0 failed), 0 skipped as fresh")
			.contains("Running images never scanned: 2 queued, 2 scanned, 0 failed, 0 waiting to retry");

		// and: a second run finds them scanned, and scans nothing
		Cli.Result second = rescan.run();

		assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
		assertThat(rescan.scanner.calls()).hasSize(3);
		assertThat(second.out()).contains("Scans: 0 run (0 succeeded, 0 failed), 1 skipped as fresh")
			.contains("Running images never scanned: 0 queued, 0 scanned, 0 failed");
	}

	@Test
	void aFailedScanLeavesTheImageUnknownAndIsRetriedAfterTheBackOffWithTheRegistrysCredentials()
			throws IOException {
		// given: a registry behind basic auth, and two running images whose scans fail (the stand-in
		// prints the password it was given, or "none")
		this.registry = TestRegistry.basicAuth(this.home.resolve("storage"), this.home);
		String onRegistry = this.registry.host() + "/team/fail-app@" + digestOf("team/fail-app");
		String outside = ELSEWHERE + "/y/fail-app@" + digestOf("y/fail-app");
		Rescan rescan = new Rescan(this.home, this.registry.url(), Map.of())
			.credentials(TestRegistry.USER, TestRegistry.PASSWORD)
			.set(RUNNING_IMAGES, "true");
		pods("prod", onRegistry, outside);
		reconcile(rescan);

		Cli.Result first = rescan.run();

		assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
		assertThat(rescan.scanner.scanned()).containsExactlyInAnyOrder(onRegistry, outside);
		assertThat(first.out()).contains("Running images never scanned: 2 queued, 0 scanned, 2 failed, 0 waiting");
		assertThat(reason(rescan, "team/fail-app")).contains("exited with code 1").contains("password ****");
		assertThat(reason(rescan, "y/fail-app")).contains("password none");
		JsonNode view = view(rescan, onRegistry);
		assertThat(view.path("result").asString()).isEqualTo("UNKNOWN");
		assertThat(view.path("unknownReason").asString()).contains("exited with code 1");
		assertThat(first.out() + first.err() + rescan.sql.rows("SELECT failure FROM running_image_scan"))
			.doesNotContain(TestRegistry.PASSWORD);

		// when: run again within the back-off
		Cli.Result second = rescan.run();

		assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
		assertThat(rescan.scanner.calls()).hasSize(2);
		assertThat(second.out()).contains("Running images never scanned: 2 queued, 0 scanned, 0 failed, 2 waiting");

		// when: the back-off (1h after one failure) has passed for one of them
		rescan.sql.execute("UPDATE running_image_scan SET last_failed = last_failed - INTERVAL 2 HOUR"
				+ " WHERE repository = 'y/fail-app'");
		Cli.Result third = rescan.run();

		assertThat(third.exitCode()).as(third.out() + third.err()).isZero();
		List<String> scanned = rescan.scanner.scanned();
		assertThat(scanned.subList(2, scanned.size())).containsExactly(outside);
		assertThat(rescan.sql.rows("SELECT repository, failures FROM running_image_scan ORDER BY repository"))
			.containsExactly(List.of("team/fail-app", 1), List.of("y/fail-app", 2));

		// when: team/fail-app stopped running: it leaves the queue, and its failures are forgotten
		pods("prod", outside);
		reconcile(rescan);
		Cli.Result fourth = rescan.run();

		assertThat(fourth.exitCode()).as(fourth.out() + fourth.err()).isZero();
		assertThat(rescan.scanner.calls()).hasSize(3);
		assertThat(fourth.out()).contains("Running images never scanned: 1 queued, 0 scanned, 0 failed, 1 waiting");
		assertThat(rescan.sql.rows("SELECT repository FROM running_image_scan")).containsExactly(List.of("y/fail-app"));
	}

	@Test
	void withRunningImagesOffTheQueueIsLeftAlone() throws IOException {
		String outside = ELSEWHERE + "/x/new@" + digestOf("x/new");
		Rescan rescan = new Rescan(this.home, Map.of("x/new", ScannerStandIn.GRYPE_FIXTURE));
		pods("prod", outside);
		reconcile(rescan);

		Cli.Result result = rescan.run();

		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(rescan.scanner.calls()).isEmpty();
		assertThat(rescan.images("x/new")).containsExactly(List.of(digestOf("x/new"), "NOT_SCANNED", "not scanned"));
		assertThat(result.out()).contains("Running images never scanned: 1 queued, none scanned"
				+ " (assay.rescan.running-images=false)");
	}

	@Test
	void withoutRegistriesTheQueueIsScannedAndShardsSplitItByDigest() throws IOException {
		// given: no registry configured, eight running images on a host no registry is configured for
		Map<String, String> fixtures = new HashMap<>();
		List<String> references = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			fixtures.put("team/app" + i, ScannerStandIn.GRYPE_FIXTURE);
			references.add(ELSEWHERE + "/team/app" + i + "@" + digestOf("app" + i));
		}
		Rescan rescan = new Rescan(this.home, fixtures).set(RUNNING_IMAGES, "true");
		pods("prod", references.toArray(String[]::new));
		reconcile(rescan);

		Cli.Result first = rescan.run("shard=0", "shards=2");
		List<String> firstScanned = rescan.scanner.scanned();
		Cli.Result second = rescan.run("shard=1", "shards=2");

		assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
		assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
		// each shard took the digests whose first 8 bytes are its index modulo 2
		Set<String> expectedFirst = new HashSet<>();
		for (String reference : references) {
			String hex = reference.substring(reference.indexOf("sha256:") + 7);
			if (Long.remainderUnsigned(Long.parseUnsignedLong(hex.substring(0, 16), 16), 2) == 0) {
				expectedFirst.add(reference);
			}
		}
		assertThat(new HashSet<>(firstScanned)).isEqualTo(expectedFirst);
		assertThat(rescan.scanner.scanned()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(references);
		assertThat(first.out()).contains("Running images never scanned (shard 0 of 2): " + expectedFirst.size()
				+ " queued, " + expectedFirst.size() + " scanned, 0 failed");
		assertThat(rescan.sql.rows("SELECT DISTINCT scan_status FROM image")).containsExactly(List.of("SCANNED"));
		assertThat(rescan.sql.count("SELECT COUNT(*) FROM image")).isEqualTo(references.size());
	}

	/** Runs runtime-reconcile over the snapshots written so far. */
	private static void reconcile(Rescan rescan) {
		Cli.Result reconciled = rescan.cli.run("run", "runtime-reconcile", "--assay.runtime.enabled=true");
		assertThat(reconciled.exitCode()).as(reconciled.out() + reconciled.err()).isZero();
	}

	/**
	 * Writes {@code runtime/<cluster>/pods.json} as {@code kubectl get pods -A -o json} prints it:
	 * one running pod per digest reference, whose image id is that reference (containerd's form).
	 */
	private void pods(String cluster, String... references) throws IOException {
		JsonMapper json = JsonMapper.shared();
		ObjectNode list = json.createObjectNode().put("apiVersion", "v1").put("kind", "List");
		ArrayNode items = list.putArray("items");
		for (int i = 0; i < references.length; i++) {
			String image = references[i].substring(0, references[i].indexOf('@')) + ":1.0";
			ObjectNode pod = items.addObject().put("apiVersion", "v1").put("kind", "Pod");
			pod.putObject("metadata").put("name", "pod-" + i).put("namespace", "apps");
			pod.putObject("spec").putArray("containers").addObject().put("name", "main").put("image", image);
			ObjectNode status = pod.putObject("status").put("phase", "Running").putArray("containerStatuses").addObject()
				.put("name", "main")
				.put("image", image)
				.put("imageID", references[i])
				.put("ready", true);
			status.putObject("state").putObject("running").put("startedAt", "2026-11-01T10:00:00Z");
		}
		Path dir = Files.createDirectories(this.home.resolve("runtime").resolve(cluster));
		Files.writeString(dir.resolve("pods.json"), json.writeValueAsString(list));
	}

	private static JsonNode view(Rescan rescan, String reference) {
		Cli.Result shown = rescan.cli.run("image", reference, "--json");
		assertThat(shown.exitCode()).as(shown.out() + shown.err()).isZero();
		return JsonMapper.shared().readTree(shown.out());
	}

	private static long findings(Rescan rescan, String repository) {
		return rescan.sql.count("SELECT COUNT(*) FROM finding f JOIN image i ON i.id = f.image_id WHERE i.repository = '"
				+ repository + "'");
	}

	private static String reason(Rescan rescan, String repository) {
		List<List<Object>> rows = rescan.images(repository);
		assertThat(rows).hasSize(1);
		assertThat(rows.get(0).get(1)).isEqualTo("FAILED");
		return String.valueOf(rows.get(0).get(2));
	}

	/** A digest of its own for each name, as a running image gives it. */
	private static String digestOf(String name) {
		return TestImages.digest(name.getBytes(StandardCharsets.UTF_8));
	}

}
