package dev.assay.registry;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.assay.testing.Cli;
import dev.assay.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code registry-rescan} against a real registry (docker-registry on loopback) with the scanner
 * stand-in: what is scanned on a first run, on a second run, after a tag moved, after max-age; the
 * multi-arch index reference; tags and assessment of the scanned images; status.
 */
class RegistryRescanTests {

	@TempDir
	Path home;

	TestRegistry registry;

	TestImages images;

	Rescan rescan;

	@BeforeEach
	void registry() {
		this.registry = TestRegistry.open(this.home.resolve("storage"), this.home);
		this.images = new TestImages(this.registry.url());
		this.rescan = new Rescan(this.home, this.registry.url(), Map.of("team/app", ScannerStandIn.GRYPE_FIXTURE,
				"base", ScannerStandIn.TRIVY_FIXTURE, "multi", ScannerStandIn.GRYPE_FIXTURE));
	}

	@AfterEach
	void stop() {
		this.registry.close();
	}

	@Test
	void firstRunScansEveryImageOnceAndImportsItsReport() {
		// given: two tags on one digest, another repository, and a multi-arch image
		String app = this.images.push("team/app", "1.0", "app-1");
		this.images.push("team/app", "latest", "app-1");
		String base = this.images.push("base", "3.10", "base");
		String multi = this.images.pushMultiArch("multi", "2.0", "multi");

		// when
		Cli.Result result = this.rescan.run();

		// then
		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		String host = this.registry.host();
		assertThat(this.rescan.scanner.calls()).containsExactlyInAnyOrder(
				List.of(host + "/team/app@" + app, "-o", "json"), List.of(host + "/base@" + base, "-o", "json"),
				List.of(host + "/multi@" + multi, "-o", "json"));
		assertThat(this.rescan.sql.rows("SELECT registry, repository, digest, scan_status FROM image ORDER BY repository"))
			.containsExactly(List.of(host, "base", base, "SCANNED"), List.of(host, "multi", multi, "SCANNED"),
					List.of(host, "team/app", app, "SCANNED"));
		assertThat(this.rescan.sql.rows("SELECT t.tag FROM image_tag t JOIN image i ON i.id = t.image_id"
				+ " WHERE i.repository = 'team/app' ORDER BY t.tag")).containsExactly(List.of("1.0"), List.of("latest"));
		assertThat(this.rescan.sql.count("SELECT COUNT(*) FROM finding f JOIN image i ON i.id = f.image_id"
				+ " WHERE i.repository = 'team/app'")).isEqualTo(RawReports.grypeFindings(ScannerStandIn.GRYPE_FIXTURE));
		assertThat(this.rescan.sql.count("SELECT COUNT(*) FROM finding f JOIN image i ON i.id = f.image_id"
				+ " WHERE i.repository = 'base'")).isEqualTo(RawReports.trivyFindings(ScannerStandIn.TRIVY_FIXTURE));
		assertThat(this.rescan.sql.rows("SELECT DISTINCT source FROM scan ORDER BY source"))
			.contains(List.of(host + "/team/app@" + app));
		assertThat(this.rescan.sql.count("SELECT COUNT(*) FROM image_assessment")).isEqualTo(3);
		assertThat(result.out()).contains("Registry local (" + this.registry.url() + "): 3 repositories, 4 tags,"
				+ " 3 digests (3 new)")
			.contains("Scans: 3 run (3 succeeded, 0 failed), 0 skipped as fresh");
	}

	@Test
	void secondRunScansNothingWhileTheScansAreFresh() {
		this.images.push("team/app", "1.0", "app-1");
		this.images.push("base", "3.10", "base");
		assertThat(this.rescan.run().exitCode()).isZero();
		long scans = this.rescan.sql.count("SELECT COUNT(*) FROM scan");

		Cli.Result second = this.rescan.run();

		assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
		assertThat(this.rescan.scanner.calls()).hasSize(2);
		assertThat(this.rescan.sql.count("SELECT COUNT(*) FROM scan")).isEqualTo(scans);
		assertThat(second.out()).contains("2 digests (0 new)").contains("Scans: 0 run (0 succeeded, 0 failed), 2 skipped"
				+ " as fresh");
	}

	@Test
	void aTagPushedToANewDigestIsScannedAloneAndTheOldDigestKeepsItsHistory() {
		String first = this.images.push("team/app", "1.0", "app-1");
		this.images.push("base", "3.10", "base");
		assertThat(this.rescan.run().exitCode()).isZero();

		String second = this.images.push("team/app", "1.0", "app-2");
		Cli.Result result = this.rescan.run();

		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(second).isNotEqualTo(first);
		List<String> scanned = this.rescan.scanner.scanned();
		assertThat(scanned.subList(2, scanned.size())).containsExactly(this.registry.host() + "/team/app@" + second);
		assertThat(this.rescan.images("team/app")).extracting(row -> row.get(0))
			.containsExactlyInAnyOrder(first, second);
		assertThat(this.rescan.sql.count("SELECT COUNT(*) FROM scan s JOIN image i ON i.id = s.image_id"
				+ " WHERE i.digest = '" + first + "'")).isEqualTo(1);
		assertThat(this.rescan.sql.rows("SELECT i.digest FROM image_tag t JOIN image i ON i.id = t.image_id"
				+ " WHERE i.repository = 'team/app' AND t.tag = '1.0'")).containsExactly(List.of(second));
		assertThat(result.out()).contains("2 digests (1 new)").contains("Scans: 1 run (1 succeeded, 0 failed), 1 skipped");
	}

	@Test
	void aScanOlderThanMaxAgeIsRunAgain() {
		String app = this.images.push("team/app", "1.0", "app-1");
		this.images.push("base", "3.10", "base");
		assertThat(this.rescan.run().exitCode()).isZero();
		// given: the scan of one image is now 25 hours old, with the default max-age of 24h
		this.rescan.sql.execute("UPDATE registry_image SET last_scanned = last_scanned - INTERVAL 25 HOUR"
				+ " WHERE digest = '" + app + "'");

		Cli.Result result = this.rescan.run();

		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		List<String> scanned = this.rescan.scanner.scanned();
		assertThat(scanned.subList(2, scanned.size())).containsExactly(this.registry.host() + "/team/app@" + app);
	}

	@Test
	void forceScansEveryImageAgain() {
		this.images.push("team/app", "1.0", "app-1");
		this.images.push("base", "3.10", "base");
		assertThat(this.rescan.run().exitCode()).isZero();

		Cli.Result result = this.rescan.run("force=true");

		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(this.rescan.scanner.calls()).hasSize(4);
	}

	@Test
	void trivyIsGivenItsOwnArguments() {
		String base = this.images.push("base", "3.10", "base");
		this.rescan.set("assay.scanner.type", "trivy");

		Cli.Result result = this.rescan.run();

		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(this.rescan.scanner.calls()).containsExactly(
				List.of("image", "--format", "json", "--quiet", this.registry.host() + "/base@" + base));
		assertThat(this.rescan.images("base")).containsExactly(Arrays.asList(base, "SCANNED", null));
	}

	@Test
	void includeAndExcludePatternsChooseTheRepositories() {
		this.images.push("team/app", "1.0", "app-1");
		this.images.push("team/app-test", "1.0", "app-test");
		String base = this.images.push("base", "3.10", "base");
		this.rescan.set("assay.registries[0].include[0]", "team/**").set("assay.registries[0].include[1]", "b?se")
			.set("assay.registries[0].exclude[0]", "**-test");

		Cli.Result result = this.rescan.run();

		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(this.rescan.scanner.scanned()).hasSize(2).contains(this.registry.host() + "/base@" + base);
		assertThat(this.rescan.sql.rows("SELECT repository FROM image ORDER BY repository"))
			.containsExactly(List.of("base"), List.of("team/app"));
	}

	@Test
	void statusShowsEachRegistry() {
		this.images.push("team/app", "1.0", "app-1");
		this.images.push("multi", "2.0", "multi");
		assertThat(this.rescan.run().exitCode()).isZero();

		JsonNode registries = JsonMapper.shared()
			.readTree(this.rescan.cli.run("status", "--json", "--assay.registries[0].name=local",
					"--assay.registries[0].url=" + this.registry.url()).out())
			.path("registries");

		assertThat(registries).hasSize(1);
		JsonNode local = registries.get(0);
		assertThat(local.path("name").asString()).isEqualTo("local");
		assertThat(local.path("url").asString()).isEqualTo(this.registry.url());
		assertThat(local.path("repositories").asLong()).isEqualTo(2);
		assertThat(local.path("images").asLong()).isEqualTo(2);
		assertThat(local.path("failures").asLong()).isZero();
		assertThat(local.path("lastRun").asString()).endsWith("Z");
		assertThat(Fixtures.root()).isNotNull();
	}

}
