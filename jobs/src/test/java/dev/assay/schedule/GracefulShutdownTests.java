package dev.assay.schedule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.assay.AssayApplication;
import dev.assay.testing.Cli;
import dev.assay.testing.Fixtures;
import dev.assay.testing.Sql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM to {@code assay schedule} while a job is importing: the chunk being written is finished,
 * the execution ends STOPPED (not failed, not left running), the process exits, and the next run
 * resumes where it stopped. The scheduler runs as a process of its own, as in a pod, against the test
 * database server.
 */
class GracefulShutdownTests {

	/** Reports to import: enough chunks (50 reports each) that the import is still running when stopped. */
	static final int FILES = 250;

	@TempDir
	Path home;

	Process scheduler;

	@AfterEach
	void kill() {
		if (this.scheduler != null) {
			this.scheduler.destroyForcibly();
		}
	}

	@Test
	void sigtermLetsTheRunningChunkFinishAndTheNextRunResumes() throws Exception {
		// given: a scheduler importing many reports
		Cli cli = new Cli("graceful", this.home);
		Sql sql = new Sql(cli.jdbcUrl());
		assertThat(cli.run("jobs").exitCode()).isZero();
		writeReports(Files.createDirectories(this.home.resolve("import")));
		Path log = this.home.resolve("scheduler.log");
		this.scheduler = startScheduler(cli.jdbcUrl(), log);
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> sql.count("SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'importScansStep'"
					+ " AND STATUS = 'STARTED' AND COMMIT_COUNT >= 1") == 1);

		// when: SIGTERM
		this.scheduler.destroy();

		// then: it exits once the chunk is written, and the execution says it was stopped
		assertThat(this.scheduler.waitFor(2, TimeUnit.MINUTES)).as(Files.readString(log)).isTrue();
		List<Object> step = sql.rows("SELECT STATUS, COMMIT_COUNT, READ_COUNT, WRITE_COUNT, WRITE_SKIP_COUNT,"
				+ " PROCESS_SKIP_COUNT, FILTER_COUNT FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'importScansStep'").get(0);
		assertThat(step.get(0)).as(Files.readString(log)).isEqualTo("STOPPED");
		long written = ((Number) step.get(3)).longValue() + ((Number) step.get(4)).longValue()
				+ ((Number) step.get(5)).longValue() + ((Number) step.get(6)).longValue();
		assertThat(written).as("every report read was written or skipped: no chunk cut in two")
			.isEqualTo(((Number) step.get(2)).longValue())
			.isLessThan(FILES);
		assertThat(sql.value("SELECT e.STATUS FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_INSTANCE i"
				+ " ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID WHERE i.JOB_NAME = 'scan-import'")).isEqualTo("STOPPED");
		assertThat(sql.count("SELECT COUNT(*) FROM scan_file")).isEqualTo(written);
		assertThat(Files.readString(log)).contains("asking scan-import to stop after its current chunk");

		// and the next run resumes the stopped one and imports the rest
		Cli.Result resumed = cli.run("run", "scan-import");
		assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
		assertThat(sql.count("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE WHERE JOB_NAME = 'scan-import'")).isEqualTo(1);
		assertThat(sql.count("SELECT COUNT(*) FROM scan_file")).isEqualTo(FILES);
	}

	/** The same real report many times, each file different by its trailing blanks (files are known by hash). */
	private static void writeReports(Path folder) throws IOException {
		String report = Files.readString(Fixtures.file("grype/defectdojo/many_vulns3.json"), StandardCharsets.UTF_8);
		for (int i = 0; i < FILES; i++) {
			Files.writeString(folder.resolve("report-" + i + ".json"), report + " ".repeat(i + 1));
		}
	}

	private Process startScheduler(String url, Path log) throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), AssayApplication.class.getName(), "schedule",
				"--spring.datasource.url=" + url, "--spring.datasource.username=root", "--assay.home=" + this.home,
				"--server.port=0", "--assay.schedule.scan-import=* * * * * ?"));
		command.addAll(SchedulerNode.NO_DEFAULT_TRIGGERS);
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

}
