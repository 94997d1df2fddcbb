package dev.assay.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

import javax.sql.DataSource;

import dev.assay.AssayApplication;
import dev.assay.batch.JobOutcome;
import dev.assay.batch.JobRunner;
import dev.assay.testing.EpssFiles;
import dev.assay.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How close {@code epss-ingest} comes to the physical limit of putting a full EPSS feed into
 * MariaDB: a bare {@code LOAD DATA LOCAL INFILE} of the same rows, unzipped, into an empty
 * three-column table. The job is timed from {@link JobRunner#run} to its end, in one application
 * context started once, so Spring's start-up is not counted. The project's goal is that the
 * job takes at most 1.5 times as long as the bare load, into an empty database and over a
 * previous snapshot alike.
 */
class EpssBenchmark {

	private static final int ROWS = 300_000;

	private static final String SCRATCH = "bench_epss_load_data";

	@TempDir
	Path home;

	@Test
	void ingestAgainstBareLoadData() throws Exception {
		Path first = EpssFiles.write(this.home.resolve("first.csv.gz"), ROWS, 1, "2025-09-06");
		Path second = EpssFiles.write(this.home.resolve("second.csv.gz"), ROWS, 2, "2025-09-07");
		Path plain = gunzip(first, this.home.resolve("first.csv"));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(AssayApplication.class)
			.run(TestDatabase.springArgs("bench_epss", this.home));
		try {
			JobRunner jobs = context.getBean(JobRunner.class);
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			BenchReport report = new BenchReport("epss", ROWS);
			Optional<ServerCpu> serverCpu = ServerCpu.of(jdbc);

			report.add("loadData",
					"LOAD DATA LOCAL INFILE of the unzipped CSV into an empty (cve, epss, percentile) table",
					() -> {
						createScratchTable(jdbc);
						QuietServer.settle(jdbc);
					}, withServerCpu(report, serverCpu, "loadData", () -> loadData(jdbc, plain)));
			report.add("ingestEmpty", "epss-ingest of the gzip file into an empty database", () -> {
				deleteScores(jdbc);
				QuietServer.settle(jdbc);
			}, withServerCpu(report, serverCpu, "ingestEmpty", () -> ingest(jobs, first)));
			report.add("ingestChanged", "epss-ingest of new scores for the same CVEs over the first snapshot", () -> {
				deleteScores(jdbc);
				ingest(jobs, first);
				QuietServer.settle(jdbc);
			}, withServerCpu(report, serverCpu, "ingestChanged", () -> ingest(jobs, second)));
			report.run();
			// ingestChanged ran last, so the database holds the snapshot its last run loaded.
			report.put("changedRows", checkEveryMoveCounted(jdbc));
			report.ratio("ratioEmpty", "ingestEmpty", "loadData");
			report.ratio("ratioChanged", "ingestChanged", "loadData");
			report.write();
		}
		finally {
			// The Quartz scheduler would otherwise outlive the benchmark.
			SpringApplication.exit(context);
		}
	}

	/**
	 * The work, also reporting the server's CPU time during it as part {@code <case>ServerCpu}: a
	 * sample that took long while the server burnt more CPU than usual for the same rows tells of
	 * the machine, not of the code.
	 */
	private static BenchReport.Block withServerCpu(BenchReport report, Optional<ServerCpu> serverCpu, String caseName,
			BenchReport.Block work) {
		if (serverCpu.isEmpty()) {
			return work;
		}
		return () -> {
			Duration before = serverCpu.get().used();
			work.run();
			report.part(caseName + "ServerCpu", "CPU time of the MariaDB server during " + caseName,
					serverCpu.get().used().minus(before));
		};
	}

	private static Path gunzip(Path gzip, Path plain) throws Exception {
		try (InputStream in = new GZIPInputStream(Files.newInputStream(gzip))) {
			Files.copy(in, plain);
		}
		return plain;
	}

	private static void createScratchTable(JdbcTemplate jdbc) {
		jdbc.execute("DROP TABLE IF EXISTS " + SCRATCH);
		jdbc.execute("CREATE TABLE " + SCRATCH + " (cve VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL"
				+ " PRIMARY KEY, epss DOUBLE NOT NULL, percentile DOUBLE NOT NULL) ENGINE = InnoDB");
	}

	/** Skips the comment line and the header, as the job's reader does. */
	private static void loadData(JdbcTemplate jdbc, Path plain) {
		int loaded = jdbc.update("LOAD DATA LOCAL INFILE '" + plain.toAbsolutePath() + "' INTO TABLE " + SCRATCH
				+ " CHARACTER SET ascii FIELDS TERMINATED BY ',' LINES TERMINATED BY '\\n' IGNORE 2 LINES"
				+ " (cve, epss, percentile)");
		if (loaded != ROWS) {
			throw new IllegalStateException("LOAD DATA loaded " + loaded + " rows of " + ROWS + " from " + plain);
		}
	}

	/** Empties what epss-ingest wrote, so the next run loads into an empty database. */
	private static void deleteScores(JdbcTemplate jdbc) {
		jdbc.execute("TRUNCATE TABLE epss_score");
		jdbc.execute("DELETE FROM epss_snapshot");
	}

	private static void ingest(JobRunner jobs, Path file) {
		JobOutcome outcome = jobs.run("epss-ingest", Map.of("url", file.toUri().toString(), "force", "true"));
		long written = (outcome.execution() != null) ? outcome.execution()
			.getStepExecutions()
			.stream()
			.mapToLong(StepExecution::getWriteCount)
			.sum() : 0;
		if (outcome.status() != JobOutcome.Status.COMPLETED || written != ROWS) {
			throw new IllegalStateException("epss-ingest of " + file + " wrote " + written + " rows of " + ROWS
					+ ", the times would mean nothing: " + outcome.message());
		}
	}

	/**
	 * Proves the changed case changed what it claims: the last snapshot counts as changed every CVE
	 * whose generated score or percentile differs between the two files.
	 */
	private static long checkEveryMoveCounted(JdbcTemplate jdbc) {
		long expected = IntStream.range(0, ROWS)
			.filter(i -> EpssFiles.epss(i, 1) != EpssFiles.epss(i, 2)
					|| EpssFiles.percentile(i, 1) != EpssFiles.percentile(i, 2))
			.count();
		Map<String, Object> snapshot = jdbc.queryForMap("SELECT changed_rows, new_rows, dropped_rows FROM epss_snapshot"
				+ " WHERE id = (SELECT snapshot_id FROM epss_score LIMIT 1)");
		Map<String, Object> wanted = Map.of("changed_rows", (int) expected, "new_rows", 0, "dropped_rows", 0);
		if (!wanted.equals(snapshot)) {
			throw new IllegalStateException("The changed case should have changed " + wanted + " but the snapshot says "
					+ snapshot);
		}
		return expected;
	}

}
