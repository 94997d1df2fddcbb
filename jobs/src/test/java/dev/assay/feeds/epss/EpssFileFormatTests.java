package dev.assay.feeds.epss;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import dev.assay.testing.Cli;
import dev.assay.testing.EpssFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The variants of the file format that the feed has used, or that a mirror may produce, all load. */
class EpssFileFormatTests {

	private static final int ROWS = 2_000;

	private static final long SEED = 3;

	@TempDir
	Path home;

	Cli cli;

	EpssDatabase db;

	@BeforeEach
	void database() {
		this.cli = new Cli("epss_format", this.home);
		this.db = new EpssDatabase(this.cli);
	}

	@Test
	void crlfLineEndsLoadLikeLf() {
		Path file = EpssFiles.write(this.home.resolve("crlf.csv.gz"), ROWS, SEED, EpssFiles.comment("2025-09-06"),
				"\r\n");

		Cli.Result result = this.cli.run("run", "epss-ingest", "url=" + file.toUri());

		assertThat(result.exitCode()).as(result.out()).isZero();
		assertThat(result.out()).doesNotContain("bad rows");
		assertThat(this.db.scores()).isEqualTo(allRows());
		assertThat(this.db.status().get("scoreDate").stringValue()).isEqualTo("2025-09-06");
	}

	@Test
	void scoreDateWithAPlusZeroOffsetAsInOlderFilesLoads() {
		// given: the comment line of the files before 2025
		Path file = EpssFiles.write(this.home.resolve("old.csv.gz"), ROWS, SEED,
				"#model_version:v2023.03.01,score_date:2024-02-29T13:05:00+0000", "\n");

		// when
		Cli.Result result = this.cli.run("run", "epss-ingest", "url=" + file.toUri());

		// then
		assertThat(result.exitCode()).as(result.out()).isZero();
		JsonNode status = this.db.status();
		assertThat(status.get("modelVersion").stringValue()).isEqualTo("v2023.03.01");
		assertThat(status.get("scoreDate").stringValue()).isEqualTo("2024-02-29");
		assertThat(this.db.rows("SELECT CAST(scored_at AS CHAR) FROM epss_snapshot").get(0).get(0))
			.isEqualTo("2024-02-29 13:05:00");
		assertThat(this.db.scores()).isEqualTo(allRows());
	}

	private static Map<String, EpssDatabase.Score> allRows() {
		Map<String, EpssDatabase.Score> expected = new TreeMap<>();
		for (int i = 0; i < ROWS; i++) {
			expected.put(EpssFiles.cve(i), EpssDatabase.Score.of(i, SEED));
		}
		return expected;
	}

}
