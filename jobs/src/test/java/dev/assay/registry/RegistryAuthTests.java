package dev.assay.registry;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.assay.testing.Cli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registries behind basic auth (htpasswd) and token auth (a token server on loopback): reading them
 * with the right credentials, refusing clearly with wrong ones, and never letting a password or
 * token into a log line, a message or the database. Images are pushed through an open registry on
 * the same storage.
 */
class RegistryAuthTests {

	@TempDir
	Path home;

	TestRegistry open;

	TestRegistry secured;

	TokenServer tokens;

	String app;

	String failing;

	@BeforeEach
	void push() {
		this.open = TestRegistry.open(this.home.resolve("storage"), this.home);
		TestImages images = new TestImages(this.open.url());
		this.app = images.push("team/app", "1.0", "app-1");
		this.failing = images.push("fail-app", "1.0", "fail");
	}

	@AfterEach
	void stop() {
		this.open.close();
		if (this.secured != null) {
			this.secured.close();
		}
		if (this.tokens != null) {
			this.tokens.close();
		}
	}

	@Test
	void basicAuthRegistryIsReadWithItsCredentials() {
		this.secured = TestRegistry.basicAuth(this.home.resolve("storage"), this.home);
		Rescan rescan = rescan().credentials(TestRegistry.USER, TestRegistry.PASSWORD);

		Cli.Result result = rescan.run();

		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(rescan.scanner.scanned()).contains(this.secured.host() + "/team/app@" + this.app);
		assertThat(rescan.images("team/app")).extracting(row -> row.get(1)).containsExactly("SCANNED");
	}

	@Test
	void wrongBasicCredentialsFailTheRunWithAClearMessage() {
		this.secured = TestRegistry.basicAuth(this.home.resolve("storage"), this.home);
		String wrong = "wrong-" + TestRegistry.PASSWORD;
		Rescan rescan = rescan().credentials(TestRegistry.USER, wrong);

		Cli.Result result;
		String log;
		try (CapturedLog captured = new CapturedLog()) {
			result = rescan.run();
			log = captured.text();
		}

		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.out()).contains("Registry local refused the credentials of user assay to the catalog"
				+ " (HTTP 401); check assay.registries[].username and password.");
		assertThat(rescan.scanner.calls()).isEmpty();
		assertThat(log + result.out() + result.err()).contains("refused the credentials").doesNotContain(wrong);
	}

	@Test
	void bearerTokensAreAskedOfTheTokenServerAndReusedPerScope() throws Exception {
		this.tokens = new TokenServer(this.home, 300);
		this.secured = TestRegistry.tokenAuth(this.home.resolve("storage"), this.home, this.tokens);
		Rescan rescan = rescan().credentials(TestRegistry.USER, TestRegistry.PASSWORD);

		Cli.Result result = rescan.run();

		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(rescan.images("team/app")).extracting(row -> row.get(1)).containsExactly("SCANNED");
		// one token for the catalog and one per repository, though each repository takes two requests
		assertThat(this.tokens.issued()).hasSize(1 + 2);
	}

	@Test
	void requestsInFlightForManyRepositoriesEachGetTheTokenOfTheirOwnScope() throws Exception {
		// given: more repositories than requests in flight, so requests for different scopes overlap
		TestImages images = new TestImages(this.open.url());
		Map<String, String> fixtures = new HashMap<>();
		for (int i = 0; i < 12; i++) {
			images.push("team/service-" + i, "1.0", "service-" + i);
			fixtures.put("team/service-" + i, ScannerStandIn.GRYPE_FIXTURE);
		}
		this.tokens = new TokenServer(this.home, 300);
		this.secured = TestRegistry.tokenAuth(this.home.resolve("storage"), this.home, this.tokens);
		Rescan rescan = new Rescan(this.home, this.secured.url(), fixtures).credentials(TestRegistry.USER,
				TestRegistry.PASSWORD);

		// when
		Cli.Result result = rescan.run();

		// then: the catalog's token and one per repository (team/app and fail-app too), none refused
		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		for (String repository : fixtures.keySet()) {
			assertThat(rescan.images(repository)).as(repository).extracting(row -> row.get(1)).containsExactly("SCANNED");
		}
		assertThat(this.tokens.issued()).hasSize(1 + fixtures.size() + 2);
	}

	@Test
	void aTokenServerRefusingTheCredentialsFailsTheRunWithAClearMessage() throws Exception {
		this.tokens = new TokenServer(this.home, 300);
		this.secured = TestRegistry.tokenAuth(this.home.resolve("storage"), this.home, this.tokens);
		String wrong = "wrong-" + TestRegistry.PASSWORD;
		Rescan rescan = rescan().credentials(TestRegistry.USER, wrong);

		Cli.Result result = rescan.run();

		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(this.tokens.refusals()).isEqualTo(1);
		assertThat(result.out()).contains("The token server " + this.tokens.realm() + " of registry local refused the"
				+ " credentials of user assay (HTTP 401)");
		assertThat(result.out() + result.err()).doesNotContain(wrong);
	}

	@Test
	void noPasswordOrTokenAppearsInAnyLogLineMessageOrStoredReason() throws Exception {
		// given: a basic-auth registry, a token-auth one, and a scanner that prints the password it got
		this.tokens = new TokenServer(this.home, 300);
		TestRegistry basic = TestRegistry.basicAuth(this.home.resolve("storage"), this.home);
		this.secured = TestRegistry.tokenAuth(this.home.resolve("storage"), this.home, this.tokens);
		Rescan rescan = new Rescan(this.home, basic.url(), fixtures()).credentials(TestRegistry.USER,
				TestRegistry.PASSWORD)
			.set("assay.registries[1].name", "tokens")
			.set("assay.registries[1].url", this.secured.url())
			.set("assay.registries[1].username", TestRegistry.USER)
			.set("assay.registries[1].password", TestRegistry.PASSWORD);

		List<Cli.Result> results;
		String log;
		try (CapturedLog captured = new CapturedLog()) {
			results = List.of(rescan.run(), rescan.run("force=true"), rescan.cli.run("status"));
			log = captured.text();
		}
		finally {
			basic.close();
		}

		assertThat(results).allSatisfy(result -> assertThat(result.exitCode()).as(result.out() + result.err()).isZero());
		assertThat(this.tokens.issued()).isNotEmpty();
		List<String> reasons = rescan.sql.rows("SELECT unknown_reason FROM image WHERE repository = 'fail-app'")
			.stream()
			.map(row -> String.valueOf(row.get(0)))
			.toList();
		assertThat(reasons).hasSize(2).allSatisfy(reason -> assertThat(reason).contains("password ****"));
		String everything = log + String.join("\n", results.stream().map(r -> r.out() + r.err()).toList())
				+ String.join("\n", reasons) + rescan.sql.rows("SELECT failure FROM registry_image")
				+ rescan.sql.rows("SELECT * FROM registry_run");
		assertThat(everything).contains("Scanned " + basic.host() + "/team/app@" + this.app)
			.doesNotContain(TestRegistry.PASSWORD);
		for (String token : this.tokens.issued()) {
			assertThat(everything).doesNotContain(token);
		}
	}

	private Rescan rescan() {
		return new Rescan(this.home, this.secured.url(), fixtures());
	}

	private static Map<String, String> fixtures() {
		return Map.of("team/app", ScannerStandIn.GRYPE_FIXTURE);
	}

}
