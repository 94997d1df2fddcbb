package dev.assay.feeds.kev;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.assay.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a failed run, the next run with the same parameters resumes it and fetches the catalog
 * again (the feed may have been fixed), and a run with other parameters starts afresh.
 */
class KevIngestRestartTests {

	@Test
	void failedRunStartedAgainFetchesTheCatalogAgain(@TempDir Path home) throws Exception {
		// given: a failed run of the configured URL
		Cli cli = new Cli("kev_restart", home);
		KevDatabase db = new KevDatabase(cli.jdbcUrl());
		Path feed = KevFiles.edited(KevFiles.CURRENT, home.resolve("feed.json"), catalog -> catalog.put("count", 1));
		String configured = "--assay.feeds.kev.url=" + KevFiles.url(feed);
		assertThat(cli.run("run", "kev-ingest", configured).exitCode()).isEqualTo(1);

		// when: the feed is fixed and the same run is started again
		Files.copy(KevFiles.fixture(KevFiles.CURRENT), feed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		Cli.Result result = cli.run("run", "kev-ingest", configured);

		// then: the failed execution was resumed, and loaded the fixed feed
		assertThat(result.exitCode()).as(result.out()).isZero();
		assertThat(db.count("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE")).isEqualTo(1);
		assertThat(db.count("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION")).isEqualTo(2);
		assertThat(db.currentEntries()).isEqualTo(KevFiles.entries(KevFiles.read(feed)));
	}

	@Test
	void runWithAnotherUrlAfterAFailureStartsAfresh(@TempDir Path home) throws Exception {
		// given
		Cli cli = new Cli("kev_fresh", home);
		KevDatabase db = new KevDatabase(cli.jdbcUrl());
		Path bad = KevFiles.edited(KevFiles.CURRENT, home.resolve("bad.json"), catalog -> catalog.put("count", 1));
		Path good = KevFiles.fixture(KevFiles.CURRENT);
		assertThat(cli.run("run", "kev-ingest", "url=" + KevFiles.url(bad)).exitCode()).isEqualTo(1);

		// when
		Cli.Result result = cli.run("run", "kev-ingest", "url=" + KevFiles.url(good));

		// then
		assertThat(result.exitCode()).as(result.out()).isZero();
		assertThat(db.count("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE")).isEqualTo(2);
		assertThat(db.currentEntries()).isEqualTo(KevFiles.entries(KevFiles.read(good)));
	}

}
