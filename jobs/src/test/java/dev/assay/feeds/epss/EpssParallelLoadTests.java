package dev.assay.feeds.epss;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.assay.feeds.epss.EpssDatabase.Score;
import dev.assay.testing.Cli;
import dev.assay.testing.EpssFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several loads fill the new table at once, each with its own range of CVEs. However many there
 * are, every CVE loads once and every move, new CVE and dropped CVE counts once, also a stored CVE
 * that the new file lacks between the ranges of two loads.
 */
class EpssParallelLoadTests {

	private static final int ROWS = 3_000;

	@TempDir
	Path home;

	@ParameterizedTest(name = "{0} parallel loads")
	@ValueSource(ints = { 1, 2, 3, 4 })
	void anyNumberOfParallelLoadsGivesTheSameSnapshotAndCounts(int loads) {
		// given: snapshot A of rows 0..2999; B moves every row i % 5 == 0 or 3, keeps 1 and 4, drops
		// 2, and adds 200 CVEs
		Cli cli = new Cli("epss_parallel_" + loads, this.home);
		EpssDatabase db = new EpssDatabase(cli);
		Map<String, Score> a = new TreeMap<>();
		Map<String, Score> b = new TreeMap<>();
		for (int i = 0; i < ROWS; i++) {
			a.put(EpssFiles.cve(i), Score.of(i, 1));
			switch (i % 5) {
				case 0, 3 -> b.put(EpssFiles.cve(i), Score.of(i, 1).then(i, 2, "2025-09-07"));
				case 1, 4 -> b.put(EpssFiles.cve(i), Score.of(i, 1));
				default -> {
				}
			}
		}
		for (int i = ROWS; i < ROWS + 200; i++) {
			b.put(EpssFiles.cve(i), Score.of(i, 2));
		}
		long changed = b.entrySet().stream().filter(e -> a.containsKey(e.getKey()))
			.filter(e -> !e.getValue().equals(a.get(e.getKey()))).count();
		long dropped = a.keySet().stream().filter(cve -> !b.containsKey(cve)).count();
		String parallel = "--assay.feeds.epss.parallel-loads=" + loads;

		// when
		Cli.Result first = cli.run("run", "epss-ingest", "url=" + file("a.csv.gz", a, "2025-09-06").toUri(), parallel);
		Cli.Result second = cli.run("run", "epss-ingest", "url=" + file("b.csv.gz", b, "2025-09-07").toUri(), parallel);

		// then
		assertThat(first.exitCode()).as(first.out()).isZero();
		assertThat(first.out()).contains(String.format("%d CVEs, 0 changed, %d new, 0 dropped", ROWS, ROWS));
		assertThat(second.exitCode()).as(second.out()).isZero();
		assertThat(second.out())
			.contains(String.format("%d CVEs, %d changed, 200 new, %d dropped", b.size(), changed, dropped));
		assertThat(db.scores()).isEqualTo(b);
		assertThat(db.rows("SELECT row_count, changed_rows, new_rows, dropped_rows FROM epss_snapshot ORDER BY id DESC"
				+ " LIMIT 1")).containsExactly(List.of(b.size(), (int) changed, 200, (int) dropped));
	}

	@Test
	void moreParallelLoadsThanRowsLoadEveryRowOnce() {
		Cli cli = new Cli("epss_parallel_few", this.home);
		EpssDatabase db = new EpssDatabase(cli);
		Map<String, Score> rows = new TreeMap<>();
		for (int i = 0; i < 3; i++) {
			rows.put(EpssFiles.cve(i), Score.of(i, 1));
		}

		Cli.Result result = cli.run("run", "epss-ingest", "url=" + file("few.csv.gz", rows, "2025-09-06").toUri(),
				"--assay.feeds.epss.parallel-loads=4");

		assertThat(result.exitCode()).as(result.out()).isZero();
		assertThat(db.scores()).isEqualTo(rows);
	}

	@Test
	void parallelLoadsOutsideOneToFourAreRefusedAtStartUp() {
		Cli cli = new Cli("epss_parallel_bad", this.home);

		Cli.Result result = cli.run("run", "epss-ingest", "--assay.feeds.epss.parallel-loads=0");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.out() + result.err())
			.contains("assay.feeds.epss.parallel-loads must be between 1 and 4 (each load takes a connection of the"
					+ " pool's 10), not 0");
	}

	/** A file whose rows are the current scores of {@code scores}, in the order of the map. */
	private Path file(String name, Map<String, Score> scores, String scoreDate) {
		List<String> lines = new ArrayList<>(List.of(EpssFiles.comment(scoreDate), EpssFiles.HEADER));
		scores.forEach((cve, score) -> lines.add(EpssFiles.row(cve, score.epss(), score.percentile())));
		return EpssFiles.writeLines(this.home.resolve(name), lines);
	}

}
