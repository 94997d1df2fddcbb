package dev.assay.feeds.epss;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import dev.assay.testing.Cli;
import dev.assay.testing.EpssFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stored rows are read on a thread of their own, and the merged rows stream from a merging
 * thread into {@code LOAD DATA}. When any of them fails, the job fails with a message that names
 * the cause, no thread outlives the load, and the previous snapshot stays whole, with no
 * half-filled table left behind.
 */
class EpssLoadFailureTests {

	/** Enough rows that the merged text (about 2 MB) overfills the pipe when nobody reads it. */
	private static final int ROWS = 30_000;

	@TempDir
	Path home;

	@Test
	// Not a speed check: a merge left waiting on a full pipe would hang the build instead of failing.
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	void serverThatRefusesLocalInfileFailsTheLoadAndTheNextRunCompletes() {
		// given: a good snapshot, and a server that then refuses LOAD DATA LOCAL INFILE
		Cli cli = new Cli("epss_load_refused", this.home);
		EpssDatabase db = new EpssDatabase(cli);
		Path first = EpssFiles.write(this.home.resolve("first.csv.gz"), ROWS, 1, "2025-09-06");
		assertThat(cli.run("run", "epss-ingest", "url=" + first.toUri()).exitCode()).isZero();
		EpssDatabase.State good = db.state();
		Path second = EpssFiles.write(this.home.resolve("second.csv.gz"), ROWS, 2, "2025-09-07");
		Cli.Result refused;
		db.execute("SET GLOBAL local_infile = OFF");
		try {
			// when
			refused = cli.run("run", "epss-ingest", "url=" + second.toUri());
		}
		finally {
			db.execute("SET GLOBAL local_infile = ON");
		}

		// then
		assertThat(refused.exitCode()).as(refused.out()).isEqualTo(1);
		assertThat(refused.out()).startsWith("epss-ingest: FAILED: ")
			.contains("Could not load the EPSS rows: ", "local infile", "The last good snapshot stays.");
		assertThat(backgroundThreads()).isZero();
		assertPreviousSnapshotWhole(db, good);

		// when: the server allows it again
		Cli.Result again = cli.run("run", "epss-ingest", "url=" + second.toUri());

		// then
		assertThat(again.exitCode()).as(again.out()).isZero();
		Map<String, EpssDatabase.Score> expected = new TreeMap<>();
		for (int i = 0; i < ROWS; i++) {
			expected.put(EpssFiles.cve(i), EpssDatabase.Score.of(i, 1).then(i, 2, "2025-09-07"));
		}
		assertThat(db.scores()).isEqualTo(expected);
	}

	@Test
	void storedScoreThatCannotBeReadFailsTheJobNamingIt() {
		// given: a good snapshot whose score column someone turned into text, with one value that is
		// no number
		Cli cli = new Cli("epss_stored_unreadable", this.home);
		EpssDatabase db = new EpssDatabase(cli);
		Path first = EpssFiles.write(this.home.resolve("first.csv.gz"), ROWS, 1, "2025-09-06");
		assertThat(cli.run("run", "epss-ingest", "url=" + first.toUri()).exitCode()).isZero();
		db.execute("ALTER TABLE epss_score MODIFY epss VARCHAR(32) NOT NULL");
		db.execute("UPDATE epss_score SET epss = 'not a score' WHERE cve = '" + EpssFiles.cve(ROWS / 2) + "'");
		EpssDatabase.State good = db.state();
		Path second = EpssFiles.write(this.home.resolve("second.csv.gz"), ROWS, 2, "2025-09-07");

		// when
		Cli.Result result = cli.run("run", "epss-ingest", "url=" + second.toUri());

		// then
		assertThat(result.exitCode()).as(result.out()).isEqualTo(1);
		assertThat(result.out()).startsWith("epss-ingest: FAILED: ")
			.contains("Could not read the stored EPSS rows to merge the new ones with: ", "'not a score'",
					"The last good snapshot stays.");
		assertThat(backgroundThreads()).isZero();
		assertPreviousSnapshotWhole(db, good);
	}

	@Test
	void storedValueTheMergeCannotWriteBackFailsTheJobNamingIt() {
		// given: a good snapshot whose change dates someone turned into text, one with a tab in it,
		// and a file of the same scores a day later, so the merge writes every stored date back
		Cli cli = new Cli("epss_merge_fails", this.home);
		EpssDatabase db = new EpssDatabase(cli);
		Path first = EpssFiles.write(this.home.resolve("first.csv.gz"), ROWS, 1, "2025-09-06");
		assertThat(cli.run("run", "epss-ingest", "url=" + first.toUri()).exitCode()).isZero();
		db.execute("ALTER TABLE epss_score MODIFY changed_on VARCHAR(32) NULL");
		db.execute("UPDATE epss_score SET changed_on = 'tab\there' WHERE cve = '" + EpssFiles.cve(ROWS / 2) + "'");
		EpssDatabase.State good = db.state();
		Path same = EpssFiles.write(this.home.resolve("same.csv.gz"), ROWS, 1, "2025-09-07");

		// when
		Cli.Result result = cli.run("run", "epss-ingest", "url=" + same.toUri());

		// then
		assertThat(result.exitCode()).as(result.out()).isEqualTo(1);
		assertThat(result.out()).startsWith("epss-ingest: FAILED: ")
			.contains("Could not merge the new EPSS rows with the stored ones: ", "'tab?here'",
					"The last good snapshot stays.");
		assertThat(backgroundThreads()).isZero();
		assertPreviousSnapshotWhole(db, good);
	}

	/**
	 * Readers see the good snapshot, and no scratch table is left. The failed load's own snapshot
	 * record stays unfinished until the next run clears it, as that of a killed load does.
	 */
	private static void assertPreviousSnapshotWhole(EpssDatabase db, EpssDatabase.State good) {
		EpssDatabase.State now = db.state();
		assertThat(now.scores()).isEqualTo(good.scores());
		assertThat(now.snapshotIds()).isEqualTo(good.snapshotIds());
		assertThat(now.tables()).isEqualTo(good.tables());
		assertThat(now.status()).isEqualTo(good.status());
		assertThat(now.snapshots().subList(0, good.snapshots().size())).isEqualTo(good.snapshots());
		assertThat(db.rows("SELECT loaded_at FROM epss_snapshot WHERE id > (SELECT MAX(snapshot_id) FROM epss_score)"))
			.containsExactly(Arrays.asList((Object) null));
	}

	/** The CLI runs in this JVM, so a merging or reading thread left behind would show here. */
	private static long backgroundThreads() {
		return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("epss-")).count();
	}

}
