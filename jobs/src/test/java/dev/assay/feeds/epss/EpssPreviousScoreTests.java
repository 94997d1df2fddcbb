package dev.assay.feeds.epss;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.assay.feeds.epss.EpssDatabase.Score;
import dev.assay.testing.Cli;
import dev.assay.testing.EpssFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each CVE keeps across snapshots: its current score and percentile and, from the last
 * snapshot that moved either of them, the previous ones and the score date of that move.
 */
class EpssPreviousScoreTests {

	private static final int ROWS = 3_000;

	@TempDir
	Path home;

	@Test
	void eachCveKeepsItsLastMoveAndDroppedCvesAreGone() {
		// given: snapshot A scores rows 0..2999. B, a day later, moves both values of rows
		// i % 5 == 0 and 4 and the percentile alone of i % 5 == 3, keeps i % 5 == 1, drops
		// i % 5 == 2, and adds 200 CVEs. C, a day later, is B with rows i % 5 == 4 moved again and
		// 100 more CVEs.
		Cli cli = new Cli("epss_previous", this.home);
		EpssDatabase db = new EpssDatabase(cli);
		Map<String, Row> a = new LinkedHashMap<>();
		Map<String, Row> b = new LinkedHashMap<>();
		for (int i = 0; i < ROWS; i++) {
			a.put(EpssFiles.cve(i), Row.of(i, 1));
			switch (i % 5) {
				case 0, 4 -> b.put(EpssFiles.cve(i), Row.of(i, 2));
				case 1 -> b.put(EpssFiles.cve(i), Row.of(i, 1));
				case 3 -> b.put(EpssFiles.cve(i), new Row(EpssFiles.epss(i, 1), EpssFiles.percentile(i, 2)));
				default -> {
				}
			}
		}
		for (int i = ROWS; i < ROWS + 200; i++) {
			b.put(EpssFiles.cve(i), Row.of(i, 2));
		}
		Map<String, Row> c = new LinkedHashMap<>(b);
		for (int i = 4; i < ROWS; i += 5) {
			c.put(EpssFiles.cve(i), Row.of(i, 3));
		}
		for (int i = ROWS + 200; i < ROWS + 300; i++) {
			c.put(EpssFiles.cve(i), Row.of(i, 3));
		}

		// when
		Map<String, Score> afterA = assertLoads(cli, db, a, "2025-09-06", Map.of());
		Map<String, Score> afterB = assertLoads(cli, db, b, "2025-09-07", afterA);
		assertLoads(cli, db, c, "2025-09-08", afterB);

		// then: one CVE of each kind, by the rule it shows
		Map<String, Score> scores = db.scores();
		assertThat(scores.get(EpssFiles.cve(0))).as("moved in B, not in C: keeps B's move")
			.isEqualTo(new Score(EpssFiles.epss(0, 2), EpssFiles.percentile(0, 2), EpssFiles.epss(0, 1),
					EpssFiles.percentile(0, 1), "2025-09-07"));
		assertThat(scores.get(EpssFiles.cve(1))).as("never moved").isEqualTo(Score.of(1, 1));
		assertThat(scores).as("dropped in B").doesNotContainKey(EpssFiles.cve(2));
		assertThat(scores.get(EpssFiles.cve(3))).as("percentile alone moved in B")
			.isEqualTo(new Score(EpssFiles.epss(3, 1), EpssFiles.percentile(3, 2), EpssFiles.epss(3, 1),
					EpssFiles.percentile(3, 1), "2025-09-07"));
		assertThat(scores.get(EpssFiles.cve(4))).as("moved in B and again in C")
			.isEqualTo(new Score(EpssFiles.epss(4, 3), EpssFiles.percentile(4, 3), EpssFiles.epss(4, 2),
					EpssFiles.percentile(4, 2), "2025-09-08"));
		assertThat(scores.get(EpssFiles.cve(ROWS))).as("new in B").isEqualTo(Score.of(ROWS, 2));
		assertThat(scores.get(EpssFiles.cve(ROWS + 200))).as("new in C").isEqualTo(Score.of(ROWS + 200, 3));
	}

	/**
	 * Loads the rows as the snapshot of {@code scoreDate} and checks every score against the rule:
	 * a new CVE has no previous score, a moved one takes the old values as its previous ones, an
	 * unmoved one keeps its history, a missing one is gone.
	 * @return the scores expected from now on
	 */
	private Map<String, Score> assertLoads(Cli cli, EpssDatabase db, Map<String, Row> rows, String scoreDate,
			Map<String, Score> before) {
		List<String> lines = new ArrayList<>(List.of(EpssFiles.comment(scoreDate), EpssFiles.HEADER));
		rows.forEach((cve, row) -> lines.add(EpssFiles.row(cve, row.epss(), row.percentile())));
		Path file = EpssFiles.writeLines(this.home.resolve(scoreDate + ".csv.gz"), lines);
		Map<String, Score> expected = new TreeMap<>();
		int changed = 0;
		for (Map.Entry<String, Row> entry : rows.entrySet()) {
			Row row = entry.getValue();
			Score previous = before.get(entry.getKey());
			Score next = (previous != null) ? previous.then(row.epss(), row.percentile(), scoreDate)
					: new Score(row.epss(), row.percentile(), null, null, null);
			changed += (previous != null && !next.equals(previous)) ? 1 : 0;
			expected.put(entry.getKey(), next);
		}
		long added = rows.keySet().stream().filter(cve -> !before.containsKey(cve)).count();
		long dropped = before.keySet().stream().filter(cve -> !rows.containsKey(cve)).count();

		Cli.Result result = cli.run("run", "epss-ingest", "url=" + file.toUri());

		assertThat(result.exitCode()).as(result.out()).isZero();
		assertThat(result.out()).contains(String.format("scores of %s: %d CVEs, %d changed, %d new, %d dropped",
				scoreDate, rows.size(), changed, added, dropped));
		assertThat(db.scores()).isEqualTo(expected);
		return expected;
	}

	/** One row of a file. */
	private record Row(double epss, double percentile) {

		static Row of(int i, long seed) {
			return new Row(EpssFiles.epss(i, seed), EpssFiles.percentile(i, seed));
		}

	}

}
