package dev.assay.cli;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;

import dev.assay.testing.Cli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The command-line contract that scripts rely on: usage, exit codes, stdout for output only. */
class CommandLineTests {

	@TempDir
	static Path home;

	static Cli cli;

	@BeforeAll
	static void database() {
		cli = new Cli("cli", home);
	}

	@Test
	void helpListsTheCommandsAndExitsZero() {
		Cli.Result result = cli.run("--help");
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).contains("run", "jobs", "status", "image", "exceptions", "thresholds").contains("Exit codes");
	}

	@Test
	void everyCommandHasHelp() {
		for (String command : new String[] { "run", "jobs", "status", "image", "exceptions", "exceptions import",
				"exceptions list", "exceptions export", "exceptions delete", "thresholds" }) {
			Cli.Result result = cli.run((command + " --help").split(" "));
			assertThat(result.exitCode()).as(command).isZero();
			assertThat(result.out()).as(command).startsWith("Usage: assay " + command);
		}
	}

	@Test
	void unknownCommandIsBadUsage() {
		Cli.Result result = cli.run("frobnicate");
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("frobnicate");
	}

	@Test
	void noCommandIsBadUsage() {
		assertThat(cli.run().exitCode()).isEqualTo(2);
	}

	@Test
	void exceptionsWithoutASubcommandIsBadUsage() {
		Cli.Result result = cli.run("exceptions");
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("Missing subcommand: import, list, export or delete.");
	}

	@Test
	void malformedJobParameterIsBadUsage() {
		Cli.Result result = cli.run("run", "epss-ingest", "force");
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("Malformed job parameter 'force'").contains("name=value");
	}

	@Test
	void unknownJobIsBadUsageAndNamesTheJobs() {
		Cli.Result result = cli.run("run", "no-such-job");
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("Unknown job 'no-such-job'");
	}

	@Test
	void schemaIsMigratedOnceAndLaterStartsApplyNothing() throws Exception {
		assertThat(cli.run("jobs").exitCode()).isZero();
		int applied = countMigrations();
		assertThat(cli.run("jobs").exitCode()).isZero();
		assertThat(countMigrations()).isEqualTo(applied).isGreaterThanOrEqualTo(3);
		try (var connection = DriverManager.getConnection(cli.jdbcUrl(), "root", "");
				ResultSet tables = connection.getMetaData().getTables(null, null, "BATCH_JOB_INSTANCE", null)) {
			assertThat(tables.next()).as("Spring Batch tables").isTrue();
		}
		try (var connection = DriverManager.getConnection(cli.jdbcUrl(), "root", "");
				ResultSet tables = connection.getMetaData().getTables(null, null, "QRTZ_TRIGGERS", null)) {
			assertThat(tables.next()).as("Quartz tables").isTrue();
		}
	}

	private static int countMigrations() throws Exception {
		try (var connection = DriverManager.getConnection(cli.jdbcUrl(), "root", "");
				var result = connection.createStatement()
					.executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1")) {
			result.next();
			return result.getInt(1);
		}
	}

}
