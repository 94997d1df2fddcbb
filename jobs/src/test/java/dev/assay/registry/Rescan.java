package dev.assay.registry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.assay.testing.Cli;
import dev.assay.testing.Sql;

/**
 * One test's assay: a fresh database and home, the scanner stand-in, and the command line of
 * {@code registry-rescan} against one configured registry (or none).
 */
final class Rescan {

	final Cli cli;

	final Sql sql;

	final ScannerStandIn scanner;

	private final List<String> settings = new ArrayList<>();

	Rescan(Path home, String url, Map<String, String> fixtureByRepository) {
		this(home, fixtureByRepository);
		set("assay.registries[0].name", "local");
		set("assay.registries[0].url", url);
	}

	/** Without any registry configured. */
	Rescan(Path home, Map<String, String> fixtureByRepository) {
		this.cli = new Cli("registry", home);
		this.sql = new Sql(this.cli.jdbcUrl());
		this.scanner = new ScannerStandIn(home.resolve("scanner"), fixtureByRepository);
		set("assay.scanner.command", this.scanner.script().toString());
		set("assay.rescan.http.backoff", "10ms");
	}

	Rescan set(String property, String value) {
		this.settings.add("--" + property + "=" + value);
		return this;
	}

	Rescan credentials(String username, String password) {
		return set("assay.registries[0].username", username).set("assay.registries[0].password", password);
	}

	/** Runs the job with these parameters and the settings so far. */
	Cli.Result run(String... parameters) {
		List<String> args = new ArrayList<>(List.of("run", "registry-rescan"));
		args.addAll(Arrays.asList(parameters));
		args.addAll(this.settings);
		return this.cli.run(args.toArray(String[]::new));
	}

	/** The images of a repository in the scans tables: digest, scan status, unknown reason. */
	List<List<Object>> images(String repository) {
		return this.sql.rows("SELECT digest, scan_status, unknown_reason FROM image WHERE repository = '" + repository
				+ "' ORDER BY digest");
	}

}
