package dev.assay.feeds.kev;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import dev.assay.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Going from one real catalog to another reports exactly the entries that differ between the two
 * files, and entries that leave the catalog lose their flag until they come back.
 */
class KevCatalogChangeTests {

	@ParameterizedTest(name = "{0} then {1}")
	@CsvSource({ KevFiles.V2025_08_21 + "," + KevFiles.CURRENT, KevFiles.V2025_01_24 + "," + KevFiles.CURRENT,
			KevFiles.V2023_04_10 + "," + KevFiles.V2024_08_26 })
	void newerCatalogReportsExactlyTheEntriesThatDiffer(String from, String to, @TempDir Path home) throws Exception {
		// given
		Cli cli = new Cli("kev_changes", home);
		KevDatabase db = new KevDatabase(cli.jdbcUrl());
		JsonNode newer = KevFiles.read(KevFiles.fixture(to));
		Map<String, Map<String, String>> before = KevFiles.entries(KevFiles.read(KevFiles.fixture(from)));
		Map<String, Map<String, String>> after = KevFiles.entries(newer);
		Set<String> added = minus(after.keySet(), before.keySet());
		Set<String> removed = minus(before.keySet(), after.keySet());
		long modified = after.keySet()
			.stream()
			.filter(cve -> before.containsKey(cve) && !Objects.equals(before.get(cve), after.get(cve)))
			.count();
		assertThat(cli.run("run", "kev-ingest", "url=" + url(from)).exitCode()).isZero();

		// when
		Cli.Result result = cli.run("run", "kev-ingest", "url=" + url(to));

		// then
		assertThat(result.exitCode()).as(result.out()).isZero();
		assertThat(result.out()).contains(String.format("KEV catalog %s: %d entries, %d added, %d removed, %d modified",
				newer.get("catalogVersion").stringValue(), after.size(), added.size(), removed.size(), modified));
		assertThat(db.count("SELECT added FROM kev_catalog ORDER BY id DESC LIMIT 1")).isEqualTo(added.size());
		assertThat(db.count("SELECT removed FROM kev_catalog ORDER BY id DESC LIMIT 1")).isEqualTo(removed.size());
		assertThat(db.count("SELECT modified FROM kev_catalog ORDER BY id DESC LIMIT 1")).isEqualTo((int) modified);
		assertThat(db.currentEntries()).isEqualTo(after);
		assertThat(db.removed()).isEqualTo(removed);
	}

	@Test
	void droppedEntriesLoseTheirFlagAndCountAgainWhenTheyComeBack(@TempDir Path home) throws Exception {
		// given: the 2026 catalog, then the older 2025 one
		Cli cli = new Cli("kev_removal", home);
		KevDatabase db = new KevDatabase(cli.jdbcUrl());
		JsonNode older = KevFiles.read(KevFiles.fixture(KevFiles.CURRENT));
		Set<String> newerCves = KevFiles.entries(KevFiles.read(KevFiles.fixture(KevFiles.V2026_08_07))).keySet();
		Set<String> olderCves = KevFiles.entries(older).keySet();
		Set<String> dropped = minus(newerCves, olderCves);
		assertThat(dropped).isNotEmpty();
		assertThat(cli.run("run", "kev-ingest", "url=" + url(KevFiles.V2026_08_07)).exitCode()).isZero();

		// when
		Cli.Result back = cli.run("run", "kev-ingest", "url=" + url(KevFiles.CURRENT));

		// then: exactly the entries the older catalog lacks are removed, by that catalog
		assertThat(back.exitCode()).as(back.out()).isZero();
		assertThat(back.out()).contains(dropped.size() + " removed");
		assertThat(db.removed()).isEqualTo(dropped);
		assertThat(new HashSet<>(db.removedBy().values())).containsExactly(older.get("catalogVersion").stringValue());
		assertThat(db.knownExploited()).isEqualTo(olderCves);

		// when: the newer catalog loads again
		Cli.Result forward = cli.run("run", "kev-ingest", "url=" + url(KevFiles.V2026_08_07));

		// then: they count again, as added
		assertThat(forward.exitCode()).as(forward.out()).isZero();
		assertThat(forward.out()).contains(minus(newerCves, olderCves).size() + " added");
		assertThat(db.removed()).isEqualTo(minus(olderCves, newerCves));
		assertThat(db.knownExploited()).isEqualTo(newerCves);
	}

	private static String url(String fixture) {
		return KevFiles.url(KevFiles.fixture(fixture));
	}

	private static Set<String> minus(Set<String> all, Set<String> without) {
		Set<String> result = new TreeSet<>(all);
		result.removeAll(without);
		return result;
	}

}
