package dev.assay.feeds.epss;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.assay.testing.Cli;
import dev.assay.testing.EpssFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nobody reads a half-loaded snapshot: a load that breaks off, or one killed half-way, leaves the
 * previous snapshot whole and queryable, and the next run completes.
 */
class EpssInterruptedLoadTests {

	@TempDir
	Path home;

	@Test
	void loadBrokenOffAfter100kRowsKeepsThePreviousSnapshotAndTheSameRunThenResumes() {
		// given: a good snapshot, then a feed whose gzip stream breaks off after row 100,000
		Cli cli = new Cli("epss_broken", this.home);
		EpssDatabase db = new EpssDatabase(cli);
		int baselineRows = 5_000;
		Path baseline = EpssFiles.write(this.home.resolve("baseline.csv.gz"), baselineRows, 1, "2025-09-06");
		assertThat(cli.run("run", "epss-ingest", "url=" + baseline.toUri()).exitCode()).isZero();
		EpssDatabase.State good = db.state();
		Path feed = EpssFiles.writeCutOff(this.home.resolve("feed.csv.gz"), 100_000, 2, "2025-09-07");

		// when
		Cli.Result broken = cli.run("run", "epss-ingest", "url=" + feed.toUri());

		// then: refused, and the previous snapshot is whole
		assertThat(broken.exitCode()).as(broken.out()).isEqualTo(1);
		assertThat(broken.out()).contains("The EPSS file from " + feed.toUri() + " is cut short or corrupt");
		assertThat(db.state()).isEqualTo(good);
		Map<String, EpssDatabase.Score> previous = new TreeMap<>();
		for (int i = 0; i < baselineRows; i++) {
			previous.put(EpssFiles.cve(i), EpssDatabase.Score.of(i, 1));
		}
		assertThat(db.scores()).isEqualTo(previous);

		// when: the whole file is there, and the same command runs again
		int rows = 120_000;
		EpssFiles.write(feed, rows, 2, "2025-09-07");
		Cli.Result again = cli.run("run", "epss-ingest", "url=" + feed.toUri());

		// then: the failed job instance resumed and loaded it
		assertThat(again.exitCode()).as(again.out()).isZero();
		assertThat(db.count("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE")).isEqualTo(2);
		assertThat(db.rows("SELECT JOB_INSTANCE_ID, STATUS FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID"))
			.extracting(row -> row.get(1))
			.containsExactly("COMPLETED", "FAILED", "COMPLETED");
		assertThat(db.count("SELECT COUNT(DISTINCT JOB_INSTANCE_ID) FROM BATCH_JOB_EXECUTION"
				+ " WHERE JOB_EXECUTION_ID > (SELECT MIN(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION)")).isOne();
		Map<String, EpssDatabase.Score> expected = new TreeMap<>();
		for (int i = 0; i < rows; i++) {
			EpssDatabase.Score before = previous.get(EpssFiles.cve(i));
			expected.put(EpssFiles.cve(i),
					(before != null) ? before.then(i, 2, "2025-09-07") : EpssDatabase.Score.of(i, 2));
		}
		assertThat(db.scores()).isEqualTo(expected);
		assertThat(db.status().get("rows").intValue()).isEqualTo(rows);
	}

	@Test
	void leftoversOfAKilledLoadNeverShowAndTheNextRunCleansThemUp() {
		// given: a good snapshot, and what a load killed during LOAD DATA leaves: a scratch table
		// with some of its rows and a snapshot record that never finished
		Cli cli = new Cli("epss_killed", this.home);
		EpssDatabase db = new EpssDatabase(cli);
		int rows = 2_000;
		Path baseline = EpssFiles.write(this.home.resolve("baseline.csv.gz"), rows, 1, "2025-09-06");
		assertThat(cli.run("run", "epss-ingest", "url=" + baseline.toUri()).exitCode()).isZero();
		EpssDatabase.State good = db.state();
		db.execute("""
				INSERT INTO epss_snapshot (model_version, score_date, scored_at, row_count, bad_rows, sha256, url, fetched_at)
				VALUES ('v2099.01.01', '2099-01-01', '2099-01-01 12:55:00', 300000, 0, REPEAT('0', 64),
				        'https://killed.example/epss.csv.gz', NOW(3))""");
		long killed = db.count("SELECT MAX(id) FROM epss_snapshot");
		db.execute("CREATE TABLE epss_score_next LIKE epss_score");
		db.execute("INSERT INTO epss_score_next (cve, epss, percentile, snapshot_id) VALUES ('" + EpssFiles.cve(0)
				+ "', 0.99999, 0.99999, " + killed + "), ('CVE-2099-0001', 0.5, 0.5, " + killed + ")");

		// then: readers still see the good snapshot only
		EpssDatabase.State leftovers = db.state();
		assertThat(leftovers.status()).isEqualTo(good.status());
		assertThat(leftovers.scores()).isEqualTo(good.scores());
		assertThat(leftovers.snapshotIds()).isEqualTo(good.snapshotIds());

		// when
		Path next = EpssFiles.write(this.home.resolve("next.csv.gz"), rows, 2, "2025-09-07");
		Cli.Result result = cli.run("run", "epss-ingest", "url=" + next.toUri());

		// then
		assertThat(result.exitCode()).as(result.out()).isZero();
		assertThat(db.rows("SHOW TABLES LIKE 'epss%'")).extracting(row -> row.get(0))
			.containsExactlyInAnyOrder("epss_current", "epss_score", "epss_snapshot");
		assertThat(db.count("SELECT COUNT(*) FROM epss_snapshot WHERE id = " + killed + " OR loaded_at IS NULL"))
			.isZero();
		assertThat(db.count("SELECT COUNT(*) FROM epss_snapshot")).isEqualTo(2);
		Map<String, EpssDatabase.Score> expected = new TreeMap<>();
		for (int i = 0; i < rows; i++) {
			expected.put(EpssFiles.cve(i), EpssDatabase.Score.of(i, 1).then(i, 2, "2025-09-07"));
		}
		assertThat(db.scores()).isEqualTo(expected);
		assertThat(db.status().get("scoreDate").stringValue()).isEqualTo("2025-09-07");
		assertThat(db.rows("SELECT DISTINCT snapshot_id FROM epss_score"))
			.isEqualTo(List.of(List.of(db.count("SELECT MAX(id) FROM epss_snapshot"))));
	}

}
