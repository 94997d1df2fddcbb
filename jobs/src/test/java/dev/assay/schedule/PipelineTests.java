package dev.assay.schedule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

import dev.assay.testing.Cli;
import dev.assay.testing.Fixtures;
import dev.assay.testing.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run pipeline}: every job in order, a failed one does not stop the rest, the failed ones are
 * named and make the exit code 1, and each job keeps its own lock.
 */
class PipelineTests {

	static final Path DEMO = Path.of("..", "config", "demo").toAbsolutePath().normalize();

	static final String REPORT = "grype/anchore-grype/keycloak-test.json";

	/** The order the pipeline promises: feeds, scans, running images, judgement, reports. */
	static final List<String> ORDER = List.of("kev-ingest", "epss-ingest", "scan-import", "registry-rescan",
			"runtime-reconcile", "assess", "export");

	@TempDir
	Path home;

	Cli cli;

	Sql sql;

	@BeforeEach
	void database() throws Exception {
		this.cli = new Cli("pipeline", this.home);
		this.sql = new Sql(this.cli.jdbcUrl());
		Path imports = Files.createDirectories(this.home.resolve("import"));
		Files.copy(Fixtures.file(REPORT), imports.resolve("keycloak.json"));
	}

	@Test
	void aFailedFeedDoesNotStopTheJobsAfterItAndIsNamed() throws Exception {
		// given: a KEV catalog that loads and an EPSS URL that names nothing
		String missing = this.home.resolve("no-such-epss.csv.gz").toUri().toString();

		// when
		Cli.Result result = this.cli.run("run", "pipeline", kevUrl(), "--assay.feeds.epss.url=" + missing);

		// then
		assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(1);
		assertThat(result.out()).contains("epss-ingest: FAILED")
			.contains("kev-ingest: COMPLETED")
			.contains("scan-import: COMPLETED")
			.contains("pipeline: " + (ORDER.size() - 1) + " of " + ORDER.size() + " jobs completed; failed: epss-ingest");
		int entries = JsonMapper.shared().readTree(DEMO.resolve("kev.json").toFile()).get("vulnerabilities").size();
		assertThat(this.sql.count("SELECT COUNT(*) FROM kev_entry")).isEqualTo(entries);
		assertThat(this.sql.count("SELECT COUNT(*) FROM scan")).isEqualTo(1);
		assertThat(jobsInStartOrder()).containsExactlyElementsOf(ORDER);
	}

	@Test
	void allJobsCompletedIsExitZero() {
		Cli.Result result = this.cli.run("run", "pipeline", kevUrl(), epssUrl());

		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(result.out()).contains("pipeline: " + ORDER.size() + " of " + ORDER.size() + " jobs completed").doesNotContain("failed");
	}

	@Test
	void aJobAnotherProcessIsRunningIsLeftAloneAndNamed() throws Exception {
		// given: another process holds the lock of kev-ingest, as JobRunner takes it
		try (Connection other = this.sql.connect()) {
			try (PreparedStatement lock = other
				.prepareStatement("SELECT GET_LOCK(CONCAT('assay:', DATABASE(), ':', 'kev-ingest'), 0)")) {
				try (ResultSet taken = lock.executeQuery()) {
					assertThat(taken.next() && taken.getInt(1) == 1).as("lock taken").isTrue();
				}
			}

			// when
			Cli.Result result = this.cli.run("run", "pipeline", kevUrl(), epssUrl());

			// then
			assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
			assertThat(result.out()).contains("kev-ingest: Job kev-ingest is already running")
				.contains("pipeline: " + (ORDER.size() - 1) + " of " + ORDER.size()
						+ " jobs completed; already running elsewhere, not run: kev-ingest");
			assertThat(this.sql.count("SELECT COUNT(*) FROM kev_entry")).isZero();
		}
	}

	@Test
	void aFailedJobResumesOnTheNextPipeline() {
		String missing = this.home.resolve("no-such-epss.csv.gz").toUri().toString();
		this.cli.run("run", "pipeline", kevUrl(), "--assay.feeds.epss.url=" + missing);

		Cli.Result second = this.cli.run("run", "pipeline", kevUrl(), epssUrl());

		assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
		// The failed epss-ingest instance was restarted, not a new one started.
		assertThat(this.sql.count("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE WHERE JOB_NAME = 'epss-ingest'")).isEqualTo(1);
		assertThat(this.sql.count("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_INSTANCE i"
				+ " ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID WHERE i.JOB_NAME = 'epss-ingest'")).isEqualTo(2);
	}

	@Test
	void thePipelineTakesNoParameters() {
		Cli.Result result = this.cli.run("run", "pipeline", "force=true");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("The pipeline takes no parameters");
	}

	private List<Object> jobsInStartOrder() {
		return this.sql
			.rows("SELECT i.JOB_NAME FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_INSTANCE i"
					+ " ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID ORDER BY e.JOB_EXECUTION_ID")
			.stream()
			.map(row -> row.get(0))
			.toList();
	}

	static String kevUrl() {
		return "--assay.feeds.kev.url=" + DEMO.resolve("kev.json").toUri();
	}

	static String epssUrl() {
		return "--assay.feeds.epss.url=" + DEMO.resolve("epss_scores-demo.csv").toUri();
	}

}
