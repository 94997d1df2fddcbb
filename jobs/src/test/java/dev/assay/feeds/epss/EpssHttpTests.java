package dev.assay.feeds.epss;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import dev.assay.testing.Cli;
import dev.assay.testing.EpssFiles;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * epss-ingest against a real HTTP server: retries, redirects, and a feed that has not changed since
 * the last load.
 */
class EpssHttpTests {

	private static final int ROWS = 2_000;

	private static final long SEED = 4;

	@TempDir
	Path home;

	MockWebServer server;

	Cli cli;

	EpssDatabase db;

	byte[] feed;

	@BeforeEach
	void start() throws Exception {
		this.server = new MockWebServer();
		this.server.start(0);
		this.cli = new Cli("epss_http", this.home);
		this.db = new EpssDatabase(this.cli);
		this.feed = Files.readAllBytes(EpssFiles.write(this.home.resolve("feed.csv.gz"), ROWS, SEED, "2025-09-06"));
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void serverErrorIsRetriedAndTheNextAnswerLoads() {
		// given
		this.server.enqueue(new MockResponse.Builder().code(500).body("Internal Server Error").build());
		this.server.enqueue(new MockResponse.Builder().body(new Buffer().write(this.feed)).build());

		// when
		Cli.Result result = this.cli.run("run", "epss-ingest", "url=" + url("/epss_scores-current.csv.gz"),
				"--assay.feeds.http.backoff=10ms");

		// then
		assertThat(result.exitCode()).as(result.out()).isZero();
		assertThat(this.server.getRequestCount()).isEqualTo(2);
		assertThat(this.db.scores()).isEqualTo(allRows());
	}

	@Test
	void redirectIsFollowedAndTheSnapshotKeepsTheConfiguredUrl() throws Exception {
		// given: the old host's answer
		this.server.enqueue(new MockResponse.Builder().code(301)
			.setHeader("Location", "/moved/epss_scores-current.csv.gz")
			.build());
		this.server.enqueue(new MockResponse.Builder().body(new Buffer().write(this.feed)).build());
		String url = url("/epss_scores-current.csv.gz");

		// when
		Cli.Result result = this.cli.run("run", "epss-ingest", "url=" + url);

		// then
		assertThat(result.exitCode()).as(result.out()).isZero();
		assertThat(this.server.takeRequest().getUrl().encodedPath()).isEqualTo("/epss_scores-current.csv.gz");
		assertThat(this.server.takeRequest().getUrl().encodedPath()).isEqualTo("/moved/epss_scores-current.csv.gz");
		assertThat(this.db.scores()).isEqualTo(allRows());
		assertThat(this.db.status().get("url").stringValue()).isEqualTo(url);
	}

	@Test
	void feedNotModifiedSinceTheLastLoadIsANoop() throws Exception {
		// given: a server that answers 304 when asked with the ETag of its file
		String etag = "\"epss-2025-09-06\"";
		this.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				if (etag.equals(request.getHeaders().get("If-None-Match"))) {
					return new MockResponse.Builder().code(304).setHeader("ETag", etag).build();
				}
				return new MockResponse.Builder().body(new Buffer().write(EpssHttpTests.this.feed))
					.setHeader("ETag", etag)
					.build();
			}
		});
		String url = url("/epss_scores-current.csv.gz");
		assertThat(this.cli.run("run", "epss-ingest", "url=" + url).exitCode()).isZero();
		EpssDatabase.State before = this.db.state();

		// when
		Cli.Result result = this.cli.run("run", "epss-ingest", "url=" + url);

		// then
		assertThat(this.server.takeRequest().getHeaders().get("If-None-Match")).isNull();
		assertThat(this.server.takeRequest().getHeaders().get("If-None-Match")).isEqualTo(etag);
		assertNoop(result, before);
	}

	@Test
	void sameBytesServedAgainAreANoop() {
		// given: a server without validators, which sends the whole file every time
		this.server.enqueue(new MockResponse.Builder().body(new Buffer().write(this.feed)).build());
		this.server.enqueue(new MockResponse.Builder().body(new Buffer().write(this.feed)).build());
		String url = url("/epss_scores-current.csv.gz");
		assertThat(this.cli.run("run", "epss-ingest", "url=" + url).exitCode()).isZero();
		EpssDatabase.State before = this.db.state();

		// when
		Cli.Result result = this.cli.run("run", "epss-ingest", "url=" + url);

		// then
		assertNoop(result, before);
	}

	private void assertNoop(Cli.Result result, EpssDatabase.State before) {
		assertThat(result.exitCode()).as(result.out()).isZero();
		assertThat(result.out()).contains("EPSS feed unchanged at ",
				" since model " + EpssFiles.MODEL + ", scores of 2025-09-06; nothing loaded");
		JsonNode job = this.cli.lastExecution("epss-ingest");
		assertThat(job.get("job").stringValue()).isEqualTo("epss-ingest");
		assertThat(job.get("status").stringValue()).isEqualTo("COMPLETED");
		assertThat(job.get("exitCode").stringValue()).isEqualTo("NOOP");
		assertThat(this.db.count("SELECT COUNT(*) FROM epss_snapshot")).isOne();
		assertThat(this.db.state()).isEqualTo(before);
		assertThat(this.server.getRequestCount()).isEqualTo(2);
	}

	private String url(String path) {
		return this.server.url(path).toString();
	}

	private static Map<String, EpssDatabase.Score> allRows() {
		Map<String, EpssDatabase.Score> expected = new TreeMap<>();
		for (int i = 0; i < ROWS; i++) {
			expected.put(EpssFiles.cve(i), EpssDatabase.Score.of(i, SEED));
		}
		return expected;
	}

}
