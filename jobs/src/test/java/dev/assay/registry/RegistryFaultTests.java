package dev.assay.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.assay.testing.Cli;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What goes wrong: a registry answering 500 or 429 with {@code Retry-After}, a scanner that hangs,
 * exits 1 or prints garbage, repository names that are no valid references.
 */
class RegistryFaultTests {

	@TempDir
	Path home;

	TestRegistry registry;

	TestImages images;

	@BeforeEach
	void registry() {
		this.registry = TestRegistry.open(this.home.resolve("storage"), this.home);
		this.images = new TestImages(this.registry.url());
	}

	@AfterEach
	void stop() {
		this.registry.close();
	}

	@Test
	void a500AndA429WithRetryAfterAreRetried() throws Exception {
		String app = this.images.push("team/app", "1.0", "app-1");
		try (FaultyRegistry proxy = new FaultyRegistry(this.registry)) {
			proxy.fail("/v2/_catalog", new MockResponse.Builder().code(500).build());
			proxy.fail("/v2/team/app/tags/list", new MockResponse.Builder().code(429).addHeader("Retry-After", "1").build());
			Rescan rescan = new Rescan(this.home, proxy.url(), Map.of("team/app", ScannerStandIn.GRYPE_FIXTURE));

			Cli.Result result = rescan.run();

			assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
			assertThat(rescan.scanner.scanned()).containsExactly("127.0.0.1:" + proxy.url().split(":")[2] + "/team/app@"
					+ app);
			List<FaultyRegistry.Seen> tags = proxy.seen()
				.stream()
				.filter(seen -> seen.path().equals("/v2/team/app/tags/list"))
				.toList();
			assertThat(tags).extracting(FaultyRegistry.Seen::code).containsExactly(429, 200);
			assertThat(Duration.between(tags.get(0).at(), tags.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
			assertThat(proxy.seen().stream().filter(seen -> seen.path().equals("/v2/_catalog")))
				.extracting(FaultyRegistry.Seen::code)
				.containsExactly(500, 200);
		}
	}

	@Test
	void aRegistryThatKeepsFailingFailsTheRunAfterTheLastAttempt() throws Exception {
		this.images.push("team/app", "1.0", "app-1");
		try (FaultyRegistry proxy = new FaultyRegistry(this.registry)) {
			for (int i = 0; i < 3; i++) {
				proxy.fail("/v2/_catalog", new MockResponse.Builder().code(500).build());
			}
			Rescan rescan = new Rescan(this.home, proxy.url(), Map.of()).set("assay.rescan.http.max-attempts", "3");

			Cli.Result result = rescan.run();

			assertThat(result.exitCode()).isEqualTo(1);
			assertThat(result.out()).contains("Registry local could not be read (the catalog) after 3 attempts: HTTP 500."
					+ " Try again later, or raise assay.rescan.http.max-attempts.");
			assertThat(rescan.sql.value("SELECT error FROM registry_run")).asString().contains("after 3 attempts");
		}
	}

	@Test
	void failedScansLeaveTheirImagesUnknownWithTheReasonAndTheOthersGoOn() throws Exception {
		String app = this.images.push("team/app", "1.0", "app-1");
		String hang = this.images.push("hang-app", "1.0", "hang");
		String fail = this.images.push("fail-app", "1.0", "fail");
		String garbage = this.images.push("garbage-app", "1.0", "garbage");
		Rescan rescan = new Rescan(this.home, this.registry.url(), Map.of("team/app", ScannerStandIn.GRYPE_FIXTURE))
			.set("assay.scanner.timeout", "2s")
			.set("assay.scanner.parallelism", "4");

		Cli.Result result = rescan.run();

		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(result.out()).contains("Scans: 4 run (1 succeeded, 3 failed), 0 skipped as fresh");
		assertThat(rescan.images("team/app")).containsExactly(Arrays.asList(app, "SCANNED", null));
		assertThat(reason(rescan, "hang-app", hang)).startsWith("grype (" + rescan.scanner.script()
				+ ") did not finish within PT2S and was stopped (assay.scanner.timeout)");
		assertThat(reason(rescan, "fail-app", fail)).startsWith("grype (" + rescan.scanner.script()
				+ ") exited with code 1: 1 error occurred: GET https://" + this.registry.host() + "/fail-app@" + fail);
		assertThat(reason(rescan, "garbage-app", garbage)).startsWith("The scanner printed no valid report: the"
				+ " scanner's output");
		assertThat(rescan.sql.rows("SELECT a.result, a.unknown_reason FROM image_assessment a JOIN image i ON"
				+ " i.id = a.image_id WHERE i.repository = 'fail-app'"))
			.containsExactly(List.of("UNKNOWN", reason(rescan, "fail-app", fail)));
		long child = Long.parseLong(Files.readString(rescan.scanner.hangPid()).trim());
		assertThat(killed(child)).as("the hanging scanner's child, " + child + ", was killed").isTrue();
	}

	/**
	 * Whether the process is gone or a zombie (killed, but not reaped: the child was orphaned, and
	 * not every container's init reaps). SIGKILL is delivered asynchronously, so allow it a moment.
	 */
	private static boolean killed(long pid) throws Exception {
		Path stat = Path.of("/proc", String.valueOf(pid), "stat");
		for (int i = 0; i < 50; i++) {
			if (!Files.exists(stat)) {
				return true;
			}
			String text = Files.readString(stat);
			if (text.substring(text.lastIndexOf(')') + 2).startsWith("Z")) {
				return true;
			}
			Thread.sleep(100);
		}
		return false;
	}

	@Test
	void aFailedScanIsTriedAgainOnlyAfterTheBackOff() {
		this.images.push("fail-app", "1.0", "fail");
		Rescan rescan = new Rescan(this.home, this.registry.url(), Map.of());
		assertThat(rescan.run().exitCode()).isZero();

		Cli.Result withinBackOff = rescan.run();
		rescan.set("assay.rescan.retry-backoff", "1ms");
		Cli.Result afterBackOff = rescan.run();

		assertThat(withinBackOff.out()).contains("Scans: 0 run (0 succeeded, 0 failed), 1 skipped as fresh");
		assertThat(afterBackOff.out()).contains("Scans: 1 run (0 succeeded, 1 failed)");
		assertThat(rescan.scanner.calls()).hasSize(2);
		assertThat(rescan.sql.value("SELECT failures FROM registry_image")).isEqualTo(2);
	}

	@Test
	void repositoriesThatAreNoValidReferencesAreSkippedAndNeverScanned() {
		String app = this.images.push("team/app", "1.0", "app-1");
		Rescan rescan = new Rescan(this.home, this.registry.url(), Map.of("team/app", ScannerStandIn.GRYPE_FIXTURE))
			.set("assay.registries[0].repositories[0]", "team/app")
			.set("assay.registries[0].repositories[1]", "app;touch pwned")
			.set("assay.registries[0].repositories[2]", "app$(id)");

		Cli.Result result = rescan.run();

		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(rescan.scanner.scanned()).containsExactly(this.registry.host() + "/team/app@" + app);
		assertThat(result.out()).contains("skipped 2: " + this.registry.host() + "/app;touch pwned is no valid image"
				+ " reference: repository 'app;touch pwned' is not a path");
		assertThat(this.home.resolve("scanner").resolve("pwned")).doesNotExist();
	}

	private static String reason(Rescan rescan, String repository, String digest) {
		return String.valueOf(rescan.sql.value("SELECT unknown_reason FROM image WHERE repository = '" + repository
				+ "' AND digest = '" + digest + "' AND scan_status = 'FAILED'"));
	}

}
