package dev.assay.feeds.epss;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.assay.testing.Cli;
import dev.assay.testing.EpssFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad rows up to 1% of a file are skipped and counted, the first 20 named with their line numbers
 * in the summary; every other row loads.
 */
class EpssBadRowTests {

	private static final long SEED = 1;

	@TempDir
	Path home;

	Cli cli;

	EpssDatabase db;

	@BeforeEach
	void database() {
		this.cli = new Cli("epss_bad_rows", this.home);
		this.db = new EpssDatabase(this.cli);
	}

	@Test
	void rowsWithBadScoresAreSkippedAndNamed() {
		assertSkippedAndNamed(BadRows.SCORE);
	}

	@Test
	void rowsWithInvalidCveIdsAreSkippedAndNamed() {
		assertSkippedAndNamed(BadRows.CVE_ID);
	}

	@Test
	void duplicateCvesAreSkippedAndNamedAndTheFirstRowLoads() {
		assertSkippedAndNamed(BadRows.DUPLICATE);
	}

	@Test
	void exactlyOnePercentOfBadRowsStillLoadsAndTheFirstTwentyAreNamed() {
		// given: 25 bad rows of 2,500
		int rows = 2_500;
		List<String> lines = EpssFiles.lines(rows, SEED, "2025-09-06");
		SortedMap<Integer, String> problems = BadRows.SCORE.spoil(lines, rows / 100, SEED);
		Path file = EpssFiles.writeLines(this.home.resolve("one-percent.csv.gz"), lines);

		// when
		Cli.Result result = this.cli.run("run", "epss-ingest", "url=" + file.toUri());

		// then
		assertThat(result.exitCode()).as(result.out()).isZero();
		assertThat(result.out())
			.contains(problems.size() + " bad rows skipped: " + BadRows.listed(problems, 20) + "; ...")
			.doesNotContain("line " + problems.lastKey() + ":");
		assertThat(this.db.scores()).isEqualTo(expectedScores(rows, problems));
		assertThat(this.db.count("SELECT bad_rows FROM epss_snapshot")).isEqualTo(problems.size());
		JsonNode job = this.cli.lastExecution("epss-ingest");
		assertThat(job.get("job").stringValue()).isEqualTo("epss-ingest");
		assertThat(job.get("skipped").intValue()).isEqualTo(problems.size());
		assertThat(job.get("written").intValue()).isEqualTo(rows - problems.size());
	}

	private void assertSkippedAndNamed(BadRows kind) {
		// given: a few bad rows, far below 1%
		int rows = 2_000;
		List<String> lines = EpssFiles.lines(rows, SEED, "2025-09-06");
		SortedMap<Integer, String> problems = kind.spoil(lines, 5, SEED);
		Path file = EpssFiles.writeLines(this.home.resolve(kind + ".csv.gz"), lines);

		// when
		Cli.Result result = this.cli.run("run", "epss-ingest", "url=" + file.toUri());

		// then
		int loaded = rows - problems.size();
		assertThat(result.exitCode()).as(result.out()).isZero();
		assertThat(result.out()).startsWith("epss-ingest: COMPLETED")
			.contains("EPSS model " + EpssFiles.MODEL + ", scores of 2025-09-06: " + loaded + " CVEs")
			.contains(problems.size() + " bad rows skipped: " + BadRows.listed(problems, 20) + "\n");
		assertThat(this.db.scores()).isEqualTo(expectedScores(rows, problems));
		assertThat(this.db.status().get("rows").intValue()).isEqualTo(loaded);
	}

	/** Every row of the file but those on the spoiled lines (row i is on line i + 3). */
	private static Map<String, EpssDatabase.Score> expectedScores(int rows, SortedMap<Integer, String> problems) {
		Map<String, EpssDatabase.Score> expected = new TreeMap<>();
		for (int i = 0; i < rows; i++) {
			if (!problems.containsKey(i + 3)) {
				expected.put(EpssFiles.cve(i), EpssDatabase.Score.of(i, SEED));
			}
		}
		return expected;
	}

}
