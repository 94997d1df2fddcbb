package dev.assay.feeds.epss;

import java.nio.file.Path;

import dev.assay.testing.Cli;
import dev.assay.testing.EpssFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file with fewer than half the rows of the current snapshot is refused as implausible, unless
 * the run says {@code force=true}.
 */
class EpssShrinkGuardTests {

	@TempDir
	Path home;

	@Test
	void fileWithExactlyHalfTheRowsLoads() {
		Cli cli = new Cli("epss_half", this.home);
		EpssDatabase db = new EpssDatabase(cli);
		assertThat(load(cli, 2_000, 1, "2025-09-06").exitCode()).isZero();

		Cli.Result result = load(cli, 1_000, 2, "2025-09-07");

		assertThat(result.exitCode()).as(result.out()).isZero();
		assertThat(db.count("SELECT COUNT(*) FROM epss_current")).isEqualTo(1_000);
	}

	@Test
	void fileWithFewerThanHalfTheRowsIsRefusedUntilForced() {
		// given
		Cli cli = new Cli("epss_shrink", this.home);
		EpssDatabase db = new EpssDatabase(cli);
		int current = 2_000;
		int shrunk = current / 2 - 1;
		assertThat(load(cli, current, 1, "2025-09-06").exitCode()).isZero();
		EpssDatabase.State good = db.state();
		Path file = EpssFiles.write(this.home.resolve("shrunk.csv.gz"), shrunk, 2, "2025-09-07");

		// when / then: refused
		Cli.Result refused = cli.run("run", "epss-ingest", "url=" + file.toUri());
		assertThat(refused.exitCode()).as(refused.out()).isEqualTo(1);
		assertThat(refused.out()).contains("The EPSS file has " + shrunk + " rows, fewer than half of the " + current
				+ " rows of the current snapshot (model " + EpssFiles.MODEL + ", scores of 2025-09-06); refusing it"
				+ " as implausible. The last good snapshot stays. If the feed really shrank, run again with force=true.");
		assertThat(db.state()).isEqualTo(good);

		// when / then: forced
		Cli.Result forced = cli.run("run", "epss-ingest", "url=" + file.toUri(), "force=true");
		assertThat(forced.exitCode()).as(forced.out()).isZero();
		assertThat(forced.out()).contains("scores of 2025-09-07: " + shrunk + " CVEs, ")
			.contains(", 0 new, " + (current - shrunk) + " dropped");
		assertThat(db.count("SELECT COUNT(*) FROM epss_current")).isEqualTo(shrunk);
		assertThat(db.status().get("rows").intValue()).isEqualTo(shrunk);
	}

	private Cli.Result load(Cli cli, int rows, long seed, String scoreDate) {
		Path file = EpssFiles.write(this.home.resolve(scoreDate + ".csv.gz"), rows, seed, scoreDate);
		return cli.run("run", "epss-ingest", "url=" + file.toUri());
	}

}
