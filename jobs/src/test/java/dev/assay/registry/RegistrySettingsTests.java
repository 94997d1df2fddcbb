package dev.assay.registry;

import java.nio.file.Path;

import dev.assay.testing.Cli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Settings that refuse to start (exit 2) and name the property; and the repository patterns. */
class RegistrySettingsTests {

	@TempDir
	Path home;

	Cli cli;

	@BeforeEach
	void cli() {
		this.cli = new Cli("registry_settings", this.home);
	}

	@Test
	void anUnknownScannerTypeIsRefused() {
		assertRefused("assay.scanner.type is 'clair'; it must be grype or trivy", "--assay.scanner.type=clair");
	}

	@Test
	void aRegistryWithoutUrlIsRefused() {
		assertRefused("assay.registries[0].url is missing", "--assay.registries[0].name=hub");
	}

	@Test
	void credentialsInTheUrlAreRefusedWithoutShowingThem() {
		Cli.Result result = this.cli.run("status", "--assay.registries[0].name=hub",
				"--assay.registries[0].url=https://bob:hunter22@registry.example");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("assay.registries[0].url holds credentials").doesNotContain("hunter22");
	}

	@Test
	void aUsernameWithoutPasswordIsRefused() {
		assertRefused("assay.registries[0].password is missing", "--assay.registries[0].name=hub",
				"--assay.registries[0].url=https://registry.example", "--assay.registries[0].username=bob");
	}

	@Test
	void twoRegistriesWithOneNameAreRefused() {
		assertRefused("assay.registries[1].name 'hub' is used by another registry", "--assay.registries[0].name=hub",
				"--assay.registries[0].url=https://a.example", "--assay.registries[1].name=hub",
				"--assay.registries[1].url=https://b.example");
	}

	@Test
	void aNonPositiveScannerTimeoutIsRefused() {
		assertRefused("assay.scanner.timeout is PT0S; it must be positive", "--assay.scanner.timeout=0s");
	}

	@Test
	void theSettingsDoNotShowThePassword() {
		RegistrySettings settings = new RegistrySettings("hub", "https://registry.example:5000", "bob", "hunter22",
				null, null, null, 8, false);

		assertThat(settings.toString()).doesNotContain("hunter22").contains("password=****");
		assertThat(settings.host()).isEqualTo("registry.example:5000");
	}

	@Test
	void globsMatchWithinOrAcrossPathComponents() {
		RepositoryFilter filter = new RepositoryFilter(java.util.List.of("team/*", "infra/**"),
				java.util.List.of("*/legacy-*"));

		assertThat(filter.test("team/app")).isTrue();
		assertThat(filter.test("team/sub/app")).isFalse();
		assertThat(filter.test("infra/sub/app")).isTrue();
		assertThat(filter.test("team/legacy-app")).isFalse();
		assertThat(filter.test("other")).isFalse();
		assertThat(new RepositoryFilter(java.util.List.of(), java.util.List.of()).test("any/thing")).isTrue();
	}

	private void assertRefused(String message, String... settings) {
		String[] args = new String[settings.length + 1];
		args[0] = "status";
		System.arraycopy(settings, 0, args, 1, settings.length);

		Cli.Result result = this.cli.run(args);

		assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(2);
		assertThat(result.err()).contains(message);
	}

}
