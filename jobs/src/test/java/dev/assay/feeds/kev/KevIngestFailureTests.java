package dev.assay.feeds.kev;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.assay.testing.Cli;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bad catalog fails the job with exit code 1 and a message that names the problem, and the
 * last good catalog stays exactly as it was: every row and every removed flag.
 */
class KevIngestFailureTests {

	@TempDir
	static Path home;

	static Cli cli;

	static KevDatabase db;

	static JsonNode good;

	@BeforeAll
	static void loadGoodCatalog() {
		cli = new Cli("kev_failures", home);
		db = new KevDatabase(cli.jdbcUrl());
		Path file = KevFiles.fixture(KevFiles.CURRENT);
		good = KevFiles.read(file);
		assertThat(cli.run("run", "kev-ingest", "url=" + KevFiles.url(file)).exitCode()).isZero();
	}

	@Test
	void countThatDiffersFromTheEntriesFails(@TempDir Path dir) throws Exception {
		int count = good.get("count").intValue();
		Path bad = KevFiles.edited(KevFiles.CURRENT, dir.resolve("count.json"), catalog -> catalog.put("count", count + 1));

		assertFailsAndChangesNothing(bad, "count says " + (count + 1) + " entries but vulnerabilities holds " + count);
	}

	@Test
	void entryWithoutARequiredFieldFails(@TempDir Path dir) throws Exception {
		String cve = good.get("vulnerabilities").get(5).get("cveID").stringValue();
		Path bad = KevFiles.edited(KevFiles.CURRENT, dir.resolve("missing.json"),
				catalog -> KevFiles.entry(catalog, 5).remove("dueDate"));

		assertFailsAndChangesNothing(bad, "vulnerabilities[5] (" + cve + "): dueDate is missing");
	}

	@Test
	void entryWithABadCveIdFails(@TempDir Path dir) throws Exception {
		Path bad = KevFiles.edited(KevFiles.CURRENT, dir.resolve("cve.json"),
				catalog -> KevFiles.entry(catalog, 7).put("cveID", "CVE-21-44228"));

		assertFailsAndChangesNothing(bad, "vulnerabilities[7] (CVE-21-44228): cveID is not a CVE id");
	}

	@Test
	void entryWithABadDateFails(@TempDir Path dir) throws Exception {
		String cve = good.get("vulnerabilities").get(9).get("cveID").stringValue();
		Path bad = KevFiles.edited(KevFiles.CURRENT, dir.resolve("date.json"),
				catalog -> KevFiles.entry(catalog, 9).put("dateAdded", "2023-02-29"));

		assertFailsAndChangesNothing(bad,
				"vulnerabilities[9] (" + cve + "): dateAdded '2023-02-29' is not a date in the form yyyy-MM-dd");
	}

	@Test
	void truncatedJsonFails(@TempDir Path dir) throws Exception {
		byte[] whole = Files.readAllBytes(KevFiles.fixture(KevFiles.CURRENT));
		Path bad = Files.write(dir.resolve("truncated.json"), java.util.Arrays.copyOf(whole, whole.length / 2));
		long lines = KevFiles.text(bad).lines().count();

		assertFailsAndChangesNothing(bad, "is not valid JSON", "(line " + lines + ", column ");
	}

	@Test
	void htmlPageServedWithStatus200Fails() throws Exception {
		try (MockWebServer server = new MockWebServer()) {
			server.enqueue(new MockResponse.Builder().code(200)
				.setHeader("Content-Type", "text/html")
				.body("<!DOCTYPE html>\n<html><body>Access Denied</body></html>")
				.build());
			server.start(0);
			String url = server.url("/kev.json").toString();

			assertFailsAndChangesNothing(url, "The KEV catalog from " + url + " is an HTML or XML page");
		}
	}

	@Test
	void unknownJobParameterIsBadUsage() throws Exception {
		String before = db.snapshot();

		Cli.Result result = cli.run("run", "kev-ingest", "forse=true");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("unknown parameter 'forse'; allowed: force, url");
		assertThat(db.snapshot()).isEqualTo(before);
	}

	@Test
	void forceTakesOnlyTrueOrFalse() throws Exception {
		Cli.Result result = cli.run("run", "kev-ingest", "force=yes");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("parameter 'force' takes true or false, not 'yes'");
	}

	@Test
	void shrinkGuardRefusesACatalogWithFewerThanHalfTheEntriesUntilForced(@TempDir Path dir) throws Exception {
		// given: a catalog cut to just under half the entries of the last good one
		int kept = good.get("count").intValue() / 2 - 1;
		Path shrunk = KevFiles.edited(KevFiles.CURRENT, dir.resolve("shrunk.json"), catalog -> {
			ArrayNode entries = (ArrayNode) catalog.get("vulnerabilities");
			while (entries.size() > kept) {
				entries.remove(entries.size() - 1);
			}
			catalog.put("count", kept);
		});
		Map<String, Map<String, String>> expected = KevFiles.entries(KevFiles.read(shrunk));

		// when / then: refused
		assertFailsAndChangesNothing(shrunk, "has " + kept + " entries, fewer than half the " + good.get("count").intValue()
				+ " of the last good catalog " + good.get("catalogVersion").stringValue(), "force=true");

		// when / then: forced, in a database of its own so the other tests keep the good catalog
		Cli own = new Cli("kev_shrink", dir);
		KevDatabase ownDb = new KevDatabase(own.jdbcUrl());
		assertThat(own.run("run", "kev-ingest", "url=" + KevFiles.url(KevFiles.fixture(KevFiles.CURRENT))).exitCode())
			.isZero();
		assertThat(own.run("run", "kev-ingest", "url=" + KevFiles.url(shrunk)).exitCode()).isEqualTo(1);
		Cli.Result forced = own.run("run", "kev-ingest", "url=" + KevFiles.url(shrunk), "force=true");
		assertThat(forced.exitCode()).as(forced.out()).isZero();
		assertThat(ownDb.currentEntries()).isEqualTo(expected);
		assertThat(ownDb.removed()).hasSize(good.get("count").intValue() - kept);
		assertThat(forced.out()).contains("loaded with force=true");
	}

	@Test
	void failureAtTheLastStatementOfALoadRollsBackEveryChange(@TempDir Path dir) throws Exception {
		// given: the 2026 catalog, and a database that fails the load's final update of kev_catalog,
		// after the older catalog's removals and modifications were applied to kev_entry
		Cli own = new Cli("kev_rollback", dir);
		KevDatabase ownDb = new KevDatabase(own.jdbcUrl());
		Path newer = KevFiles.fixture(KevFiles.V2026_08_07);
		assertThat(own.run("run", "kev-ingest", "url=" + KevFiles.url(newer)).exitCode()).isZero();
		ownDb.execute("CREATE TRIGGER kev_catalog_fails BEFORE UPDATE ON kev_catalog FOR EACH ROW"
				+ " SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'simulated failure'");
		String before = ownDb.snapshot();

		// when
		Cli.Result result = own.run("run", "kev-ingest", "url=" + KevFiles.url(KevFiles.fixture(KevFiles.CURRENT)));

		// then
		assertThat(result.exitCode()).as(result.out()).isEqualTo(1);
		assertThat(result.out()).contains("simulated failure");
		assertThat(ownDb.snapshot()).isEqualTo(before);
		assertThat(ownDb.removed()).isEmpty();
		assertThat(ownDb.currentEntries()).isEqualTo(KevFiles.entries(KevFiles.read(newer)));
	}

	private static void assertFailsAndChangesNothing(Path file, String... message) throws Exception {
		assertFailsAndChangesNothing(KevFiles.url(file), message);
	}

	private static void assertFailsAndChangesNothing(String url, String... message) throws Exception {
		String before = db.snapshot();
		int entries = db.count("SELECT COUNT(*) FROM kev_entry");
		int removed = db.removed().size();

		Cli.Result result = cli.run("run", "kev-ingest", "url=" + url);

		assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(1);
		assertThat(result.out()).contains("kev-ingest: FAILED").contains(message);
		assertThat(db.count("SELECT COUNT(*) FROM kev_entry")).isEqualTo(entries).isEqualTo(good.get("count").intValue());
		assertThat(db.removed()).hasSize(removed).isEmpty();
		assertThat(db.currentEntries()).isEqualTo(KevFiles.entries(good));
		assertThat(db.snapshot()).isEqualTo(before);
	}

}
