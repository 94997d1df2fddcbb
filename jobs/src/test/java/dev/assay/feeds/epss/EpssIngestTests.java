package dev.assay.feeds.epss;

import java.nio.file.Path;
import java.util.List;

import dev.assay.testing.Cli;
import dev.assay.testing.EpssFiles;
import dev.assay.testing.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code epss-ingest} on generated full-size files: what lands, what moves, what stays. */
class EpssIngestTests {

	@TempDir
	Path home;

	@Test
	void loadsAFullSizeFileAndShowsItsSnapshot() {
		// given
		Cli cli = new Cli("epss_full", this.home);
		Sql sql = new Sql(cli.jdbcUrl());
		int rows = 300_000;
		Path file = EpssFiles.write(this.home.resolve("epss.csv.gz"), rows, 1, "2025-09-06");

		// when
		Cli.Result result = cli.run("run", "epss-ingest", "--assay.feeds.epss.url=" + file.toUri());

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(sql.count("SELECT COUNT(*) FROM epss_current")).isEqualTo(rows);
		for (int i : new int[] { 0, 1, 4711, rows - 1 }) {
			List<Object> row = sql.rows("SELECT epss, percentile, previous_epss FROM epss_current WHERE cve = '"
					+ EpssFiles.cve(i) + "'").get(0);
			assertThat(row).containsExactly(EpssFiles.epss(i, 1), EpssFiles.percentile(i, 1), null);
		}
		Cli.Result status = cli.run("status", "--json");
		assertThat(status.exitCode()).isZero();
		assertThat(status.out()).contains("\"epss\":{\"modelVersion\":\"" + EpssFiles.MODEL + "\"",
				"\"scoreDate\":\"2025-09-06\"", "\"rows\":" + rows, "\"url\":\"file:");
	}

	@Test
	void aNewSnapshotKeepsThePreviousScoreOfEveryCveThatMoved() {
		// given
		Cli cli = new Cli("epss_moves", this.home);
		Sql sql = new Sql(cli.jdbcUrl());
		Path first = EpssFiles.write(this.home.resolve("first.csv.gz"), 20_000, 1, "2025-09-06");
		Path second = EpssFiles.write(this.home.resolve("second.csv.gz"), 20_000, 2, "2025-09-07");
		assertThat(cli.run("run", "epss-ingest", "--assay.feeds.epss.url=" + first.toUri()).exitCode()).isZero();

		// when
		Cli.Result result = cli.run("run", "epss-ingest", "--assay.feeds.epss.url=" + second.toUri());

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		for (int i : new int[] { 0, 77, 19_999 }) {
			List<Object> row = sql.rows("SELECT epss, percentile, previous_epss, previous_percentile, changed_on"
					+ " FROM epss_current WHERE cve = '" + EpssFiles.cve(i) + "'").get(0);
			assertThat(row.subList(0, 4)).containsExactly(EpssFiles.epss(i, 2), EpssFiles.percentile(i, 2),
					EpssFiles.epss(i, 1), EpssFiles.percentile(i, 1));
			assertThat(row.get(4)).hasToString("2025-09-07");
		}
	}

}
