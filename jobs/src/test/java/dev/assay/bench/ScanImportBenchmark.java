package dev.assay.bench;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import javax.sql.DataSource;

import dev.assay.AssayApplication;
import dev.assay.batch.JobOutcome;
import dev.assay.batch.JobRunner;
import dev.assay.scans.ScanReports;
import dev.assay.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How many findings per second {@code scan-import} takes in: a folder of {@value #REPORTS} Grype
 * reports of {@value #MATCHES} matches each ({@link GrypeReports}), each about an image of its
 * own, into an empty database. The goal is 50,000 findings per second, parse and write.
 * The job is timed from {@link JobRunner#run} to its end, in one application context started
 * once; it ends with the assess step, so its import step and its assess step are also reported
 * on their own, from their step executions. Reading the reports alone, with no database, is a
 * case too: the share of the import step that parsing takes.
 */
class ScanImportBenchmark {

	private static final int REPORTS = 2_000;

	private static final int MATCHES = 150;

	private static final double GOAL = 50_000;

	/** Everything scan-import and the assessment write, children before parents. */
	private static final List<String> SCAN_TABLES = List.of("finding", "image_tag", "scan", "scan_file",
			"image_assessment", "result_change", "assessment_state", "image");

	@TempDir
	Path home;

	@Test
	void importGrypeReportsIntoEmptyDatabase() throws Exception {
		Path folder = this.home.resolve("reports");
		GrypeReports.Written reports = GrypeReports.write(folder, REPORTS, MATCHES);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(AssayApplication.class)
			.run(TestDatabase.springArgs("bench_scan_import", this.home));
		try {
			JobRunner jobs = context.getBean(JobRunner.class);
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			BenchReport report = new BenchReport("scan-import", reports.findings());

			report.add("parse", "ScanReports.read of every report, one thread per processor, no database", () -> {
			}, () -> parseAll(folder, reports));
			report.add("scanImport", "scan-import of the folder into an empty database: import step, then assess step",
					() -> {
						emptyScanTables(jdbc);
						QuietServer.settle(jdbc);
					}, () -> {
						JobExecution execution = importFolder(jobs, folder);
						report.part("importStep", "its import step: hash, parse and write the reports",
								took(execution, "importScansStep"));
						report.part("assessStep", "its assess step: judge the new images",
								took(execution, "assessStep"));
					});
			report.run();
			// The last run left its import in the database.
			checkEveryReportImported(jdbc, reports);
			report.put("reports", REPORTS);
			report.put("reportMegabytes", reports.bytes() / 1_000_000);
			report.ratio("importShare", "importStep", "scanImport");
			report.goal("goalRatio", "scanImport", GOAL);
			report.goal("goalRatioImport", "importStep", GOAL);
			report.write();
		}
		finally {
			// The Quartz scheduler would otherwise outlive the benchmark.
			SpringApplication.exit(context);
		}
	}

	/**
	 * Reads every report as the import step does, on as many threads, without hashing or writing:
	 * what parsing alone costs.
	 */
	private static void parseAll(Path folder, GrypeReports.Written reports) throws Exception {
		List<Path> files;
		try (Stream<Path> listed = Files.list(folder)) {
			files = listed.sorted().toList();
		}
		int threads = Runtime.getRuntime().availableProcessors();
		ExecutorService parsers = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Integer>> parsed = new ArrayList<>();
			for (Path file : files) {
				parsed.add(parsers.submit(() -> ScanReports.read(file).findings().size()));
			}
			long findings = 0;
			for (Future<Integer> report : parsed) {
				findings += report.get();
			}
			if (findings != reports.findings()) {
				throw new IllegalStateException("Parsing " + folder + " gave " + findings + " findings, not "
						+ reports.findings());
			}
		}
		finally {
			parsers.shutdownNow();
		}
	}

	/** Empties the scans and assessment tables, so that the next run imports every report anew. */
	private static void emptyScanTables(JdbcTemplate jdbc) {
		jdbc.execute((ConnectionCallback<Void>) connection -> {
			try (Statement statement = connection.createStatement()) {
				// TRUNCATE refuses a table that foreign keys point at, even an empty one, while they are checked.
				statement.execute("SET foreign_key_checks = 0");
				for (String table : SCAN_TABLES) {
					statement.execute("TRUNCATE TABLE " + table);
				}
				statement.execute("SET foreign_key_checks = 1");
				// Assessments lock this one row to take turns; the migration made it, so put it back.
				statement.execute("INSERT INTO assessment_state (id) VALUES (1)");
			}
			return null;
		});
	}

	/** Runs scan-import and fails unless every report was imported and every image assessed. */
	private static JobExecution importFolder(JobRunner jobs, Path folder) {
		JobOutcome outcome = jobs.run("scan-import", Map.of("dir", folder.toString()));
		if (outcome.status() != JobOutcome.Status.COMPLETED) {
			throw new IllegalStateException("scan-import of " + folder + " failed, the times would mean nothing: "
					+ outcome.message());
		}
		StepExecution imported = step(outcome.execution(), "importScansStep");
		StepExecution assessed = step(outcome.execution(), "assessStep");
		if (imported.getWriteCount() != REPORTS || imported.getSkipCount() != 0
				|| assessed.getWriteCount() != REPORTS) {
			throw new IllegalStateException("scan-import of " + folder + " imported " + imported.getWriteCount()
					+ " reports (" + imported.getSkipCount() + " skipped) and assessed " + assessed.getWriteCount()
					+ " images, not " + REPORTS + " each: " + outcome.message());
		}
		return outcome.execution();
	}

	private static StepExecution step(JobExecution execution, String name) {
		return execution.getStepExecutions()
			.stream()
			.filter(step -> step.getStepName().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("scan-import ran no step " + name + ": "
					+ execution.getStepExecutions()));
	}

	private static Duration took(JobExecution execution, String stepName) {
		StepExecution step = step(execution, stepName);
		return Duration.between(step.getStartTime(), step.getEndTime());
	}

	/**
	 * Proves the import kept what the reports say: one finding per match, and each image's max CVSS,
	 * as the assess step computed it, is the highest score its report gives.
	 */
	private static void checkEveryReportImported(JdbcTemplate jdbc, GrypeReports.Written reports) {
		Long findings = jdbc.queryForObject("SELECT COUNT(*) FROM finding", Long.class);
		if (findings == null || findings != reports.findings()) {
			throw new IllegalStateException("The import left " + findings + " findings, not " + reports.findings());
		}
		Map<String, BigDecimal> maxCvss = new HashMap<>();
		jdbc.query("SELECT i.digest, a.max_cvss FROM image i JOIN image_assessment a ON a.image_id = i.id",
				(row) -> { maxCvss.put(row.getString(1), row.getBigDecimal(2)); });
		if (!maxCvss.equals(reports.maxCvssByDigest())) {
			long wrong = reports.maxCvssByDigest()
				.entrySet()
				.stream()
				.filter(image -> !maxCvss.containsKey(image.getKey())
						|| !Objects.equals(maxCvss.get(image.getKey()), image.getValue()))
				.count();
			throw new IllegalStateException(wrong + " of " + REPORTS + " images lack the max CVSS of their report ("
					+ maxCvss.size() + " images assessed)");
		}
	}

}
