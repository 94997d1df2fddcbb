package dev.assay.feeds.epss;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.zip.GZIPOutputStream;

import dev.assay.testing.Cli;
import dev.assay.testing.EpssFiles;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad EPSS file and every failed download fails the job with exit code 1 and a message that
 * says what is wrong and where, and leaves the last good snapshot exactly as it was: its scores,
 * its snapshot record, and what {@code assay status} shows.
 */
class EpssIngestFailureTests {

	private static final int ROWS = 2_000;

	@TempDir
	static Path home;

	static Cli cli;

	static EpssDatabase db;

	static EpssDatabase.State good;

	@BeforeAll
	static void loadGoodSnapshot() {
		cli = new Cli("epss_failures", home);
		db = new EpssDatabase(cli);
		Path file = EpssFiles.write(home.resolve("good.csv.gz"), ROWS, 1, "2025-09-06");
		Cli.Result result = cli.run("run", "epss-ingest", "url=" + file.toUri());
		assertThat(result.exitCode()).as(result.out()).isZero();
		assertThat(db.count("SELECT COUNT(*) FROM epss_current")).isEqualTo(ROWS);
		good = db.state();
	}

	@Test
	void truncatedGzipFails(@TempDir Path dir) throws Exception {
		byte[] whole = Files.readAllBytes(EpssFiles.write(dir.resolve("whole.csv.gz"), ROWS, 2, "2025-09-07"));
		Path cut = Files.write(dir.resolve("cut.csv.gz"), Arrays.copyOf(whole, whole.length / 2));

		assertFailsAndChangesNothing(cut.toUri().toString(),
				"The EPSS file from " + cut.toUri() + " is cut short or corrupt", "the download was probably truncated");
	}

	@Test
	void gzipBombFailsAtTheUncompressedSizeLimit(@TempDir Path dir) throws Exception {
		// given: 16 MB of zeros after a valid start, which compresses to a few kilobytes
		DataSize limit = DataSize.ofMegabytes(1);
		Path bomb = dir.resolve("bomb.csv.gz");
		try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb))) {
			out.write((EpssFiles.comment("2025-09-07") + "\n" + EpssFiles.HEADER + "\n").getBytes(StandardCharsets.US_ASCII));
			byte[] zeros = new byte[1 << 20];
			Arrays.fill(zeros, (byte) '0');
			for (int i = 0; i < 16; i++) {
				out.write(zeros);
			}
		}
		assertThat(Files.size(bomb)).isLessThan(limit.toBytes() / 10);

		// when / then
		assertFailsAndChangesNothing(cli.run("run", "epss-ingest", "url=" + bomb.toUri(),
				"--assay.feeds.epss.max-uncompressed-size=" + limit.toMegabytes() + "MB"),
				"The EPSS file from " + bomb.toUri() + " unzips to more than " + limit.toBytes() + " bytes",
				"Raise assay.feeds.epss.max-uncompressed-size");
	}

	@Test
	void htmlErrorPageServedWithStatus200Fails() throws Exception {
		try (MockWebServer server = new MockWebServer()) {
			server.enqueue(new MockResponse.Builder().code(200)
				.setHeader("Content-Type", "text/html")
				.body("<!DOCTYPE html>\n<html><body>Service Unavailable</body></html>")
				.build());
			server.start(0);
			String url = server.url("/epss_scores-current.csv.gz").toString();

			assertFailsAndChangesNothing(url, "The EPSS file from " + url
					+ " is neither gzip nor the EPSS CSV; it starts with '<!DOCTYPE html>?<html>", "(an error page?)",
					"Check assay.feeds.epss.url");
		}
	}

	@Test
	void emptyFileFails(@TempDir Path dir) throws Exception {
		Path empty = Files.createFile(dir.resolve("empty.csv.gz"));

		assertFailsAndChangesNothing(empty.toUri().toString(), "The EPSS file from " + empty.toUri() + " is empty");
	}

	@Test
	void fileWithoutTheCommentLineFails(@TempDir Path dir) {
		Path file = EpssFiles.write(dir.resolve("no-comment.csv.gz"), ROWS, 2, null, "\n");

		assertFailsAndChangesNothing(file.toUri().toString(), "Line 1 of the EPSS file from " + file.toUri()
				+ " should be the comment '#model_version:...,score_date:...' but is '" + EpssFiles.HEADER + "'");
	}

	@Test
	void commentLineWithoutATimeFails(@TempDir Path dir) {
		Path file = EpssFiles.write(dir.resolve("date.csv.gz"), ROWS, 2,
				"#model_version:" + EpssFiles.MODEL + ",score_date:2025-09-07", "\n");

		assertFailsAndChangesNothing(file.toUri().toString(), "Line 1 of the EPSS file from " + file.toUri()
				+ " has a score_date '2025-09-07' that is not a timestamp like 2025-09-06T12:55:00Z");
	}

	@Test
	void wrongHeaderFails(@TempDir Path dir) {
		List<String> lines = EpssFiles.lines(ROWS, 2, "2025-09-07");
		lines.set(1, "cve,score,percentile");
		Path file = EpssFiles.writeLines(dir.resolve("header.csv.gz"), lines);

		assertFailsAndChangesNothing(file.toUri().toString(), "Line 2 of the EPSS file from " + file.toUri()
				+ " should be the header 'cve,epss,percentile' but is 'cve,score,percentile'");
	}

	@Test
	void moreThanOnePercentOfRowsWithBadScoresFails(@TempDir Path dir) {
		assertTooManyBadRowsFail(BadRows.SCORE, dir);
	}

	@Test
	void moreThanOnePercentOfRowsWithInvalidCveIdsFails(@TempDir Path dir) {
		assertTooManyBadRowsFail(BadRows.CVE_ID, dir);
	}

	@Test
	void moreThanOnePercentOfDuplicateCvesFails(@TempDir Path dir) {
		assertTooManyBadRowsFail(BadRows.DUPLICATE, dir);
	}

	@Test
	void notFoundFailsAfterOneRequest() throws Exception {
		try (MockWebServer server = new MockWebServer()) {
			server.enqueue(new MockResponse.Builder().code(404).build());
			server.enqueue(new MockResponse.Builder().body("would be a retry").build());
			server.start(0);
			String url = server.url("/epss_scores-current.csv.gz").toString();

			assertFailsAndChangesNothing(url,
					"The epss feed could not be downloaded: HTTP 404 from " + url + ". Check assay.feeds.epss.url.");
			assertThat(server.getRequestCount()).isOne();
		}
	}

	@Test
	void readTimeoutIsRetriedThenFails() throws Exception {
		try (MockWebServer server = new MockWebServer()) {
			// Both attempts get no answer at all: only the read timeout ends them.
			for (int i = 0; i < 2; i++) {
				server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
			}
			server.start(0);
			String url = server.url("/epss_scores-current.csv.gz").toString();

			assertFailsAndChangesNothing(cli.run("run", "epss-ingest", "url=" + url,
					"--assay.feeds.http.read-timeout=200ms", "--assay.feeds.http.max-attempts=2",
					"--assay.feeds.http.backoff=10ms"),
					"The epss feed could not be downloaded after 2 attempts: timed out reading " + url,
					"The last good data stays; try again later or raise assay.feeds.http.max-attempts.");
			assertThat(server.getRequestCount()).isEqualTo(2);
		}
	}

	private static void assertTooManyBadRowsFail(BadRows kind, Path dir) {
		// given: one bad row more than 1% of the rows
		int bad = ROWS / 100 + 1;
		List<String> lines = EpssFiles.lines(ROWS, 2, "2025-09-07");
		SortedMap<Integer, String> problems = kind.spoil(lines, bad, 2);
		Path file = EpssFiles.writeLines(dir.resolve(kind + ".csv.gz"), lines);

		// when / then: refused, naming the first 20 bad lines but not the 21st
		Cli.Result result = assertFailsAndChangesNothing(file.toUri().toString(),
				"The EPSS file from " + file.toUri() + " has " + bad + " bad rows of " + ROWS
						+ " (more than 1.0%); refusing it. The last good snapshot stays. First bad rows: "
						+ BadRows.listed(problems, 20));
		assertThat(result.out()).doesNotContain("line " + problems.lastKey() + ":");
	}

	private static Cli.Result assertFailsAndChangesNothing(String url, String... message) {
		return assertFailsAndChangesNothing(cli.run("run", "epss-ingest", "url=" + url), message);
	}

	private static Cli.Result assertFailsAndChangesNothing(Cli.Result result, String... message) {
		assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(1);
		assertThat(result.out()).startsWith("epss-ingest: FAILED: ").contains(message);
		assertThat(db.state()).isEqualTo(good);
		return result;
	}

}
