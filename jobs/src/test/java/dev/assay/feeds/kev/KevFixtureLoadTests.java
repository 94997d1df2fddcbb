package dev.assay.feeds.kev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.assay.testing.Cli;
import dev.assay.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every real KEV catalog in the fixtures loads, one after the other into one database in the
 * order of their versions, and afterwards the current entries are exactly the file's.
 */
class KevFixtureLoadTests {

	@TempDir
	static Path home;

	static Cli cli;

	static KevDatabase db;

	@BeforeAll
	static void database() {
		cli = new Cli("kev_fixtures", home);
		db = new KevDatabase(cli.jdbcUrl());
	}

	/** The catalogs of the fixtures folder and its mirror folder, oldest version first. */
	static List<Path> catalogs() throws IOException {
		try (Stream<Path> files = Files.walk(Fixtures.root().resolve("kev"))) {
			List<Path> catalogs = files
				.filter(file -> file.getFileName().toString().matches("known_exploited_vulnerabilities.*\\.json"))
				.filter(file -> !file.getFileName().toString().contains("schema"))
				.sorted(Comparator.comparing(file -> KevFiles.read(file).get("catalogVersion").stringValue()))
				.toList();
			assertThat(catalogs).as("KEV catalogs in the fixtures").hasSizeGreaterThanOrEqualTo(6);
			return catalogs;
		}
	}

	@ParameterizedTest
	@MethodSource("catalogs")
	void catalogLoadsWithEveryEntryAsInTheFile(Path file) throws Exception {
		// given
		JsonNode catalog = KevFiles.read(file);

		// when
		Cli.Result result = cli.run("run", "kev-ingest", "url=" + KevFiles.url(file));

		// then
		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(result.out()).contains("KEV catalog " + catalog.get("catalogVersion").stringValue() + ": "
				+ catalog.get("vulnerabilities").size() + " entries");
		assertThat(db.currentEntries()).isEqualTo(KevFiles.entries(catalog));
		assertThat(db.knownExploited()).isEqualTo(KevFiles.entries(catalog).keySet());
		assertThat(db.count("SELECT entries FROM kev_catalog ORDER BY id DESC LIMIT 1"))
			.isEqualTo(catalog.get("count").intValue());
	}

}
