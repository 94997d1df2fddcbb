package dev.assay.feeds.kev;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

import dev.assay.testing.Cli;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kev-ingest against a real HTTP server: the CSV variant, an unchanged feed, and what
 * {@code assay status} then says.
 */
class KevHttpTests {

	@TempDir
	Path home;

	MockWebServer server;

	Cli cli;

	KevDatabase db;

	@BeforeEach
	void start() throws Exception {
		this.server = new MockWebServer();
		this.server.start(0);
		this.cli = new Cli("kev_http", this.home);
		this.db = new KevDatabase(this.cli.jdbcUrl());
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void csvVariantLoadsToTheSameEntriesAsTheJson() throws Exception {
		// given: the CSV written from the JSON catalog, served under a .json name with a byte order mark
		JsonNode catalog = KevFiles.read(KevFiles.fixture(KevFiles.CURRENT));
		String csv = KevFiles.text(KevFiles.csv(catalog, this.home.resolve("kev.csv")));
		this.server.enqueue(new MockResponse.Builder().body("\uFEFF" + csv).setHeader("Content-Type", "text/csv").build());

		// when
		Cli.Result result = this.cli.run("run", "kev-ingest", "url=" + this.server.url("/known_exploited_vulnerabilities.json"));

		// then
		assertThat(result.exitCode()).as(result.out()).isZero();
		assertThat(result.out()).contains("KEV catalog (CSV, no version): " + catalog.get("count").intValue() + " entries");
		assertThat(this.db.currentEntries()).isEqualTo(KevFiles.entries(catalog));
	}

	@Test
	void catalogNotModifiedSinceTheLastOneIsANoop() throws Exception {
		// given
		String etag = "\"kev-2025.08.25\"";
		this.server.enqueue(new MockResponse.Builder().body(KevFiles.text(KevFiles.fixture(KevFiles.CURRENT)))
			.setHeader("ETag", etag)
			.build());
		this.server.enqueue(new MockResponse.Builder().code(304).setHeader("ETag", etag).build());
		String url = this.server.url("/kev.json").toString();
		assertThat(this.cli.run("run", "kev-ingest", "url=" + url).exitCode()).isZero();
		String before = this.db.snapshot();

		// when
		Cli.Result result = this.cli.run("run", "kev-ingest", "url=" + url);

		// then
		this.server.takeRequest();
		RecordedRequest conditional = this.server.takeRequest();
		assertThat(conditional.getHeaders().get("If-None-Match")).isEqualTo(etag);
		assertNoop(result, before);
	}

	@Test
	void sameBytesServedAgainAreANoop() throws Exception {
		// given: a server that ignores conditional requests
		String body = KevFiles.text(KevFiles.fixture(KevFiles.CURRENT));
		this.server.enqueue(new MockResponse.Builder().body(body).build());
		this.server.enqueue(new MockResponse.Builder().body(body).build());
		String url = this.server.url("/kev.json").toString();
		assertThat(this.cli.run("run", "kev-ingest", "url=" + url).exitCode()).isZero();
		String before = this.db.snapshot();

		// when
		Cli.Result result = this.cli.run("run", "kev-ingest", "url=" + url);

		// then
		assertNoop(result, before);
	}

	@Test
	void statusShowsTheLastCatalogAndTheRemovedEntriesWithoutCredentials() throws Exception {
		// given: nothing loaded
		JsonMapper json = JsonMapper.shared();
		Cli.Result empty = this.cli.run("status", "--json");
		assertThat(empty.exitCode()).isZero();
		JsonNode never = json.readTree(empty.out()).get("feeds");
		assertThat(never.has("kev")).isTrue();
		assertThat(never.get("kev").isNull()).isTrue();

		// when: the 2026 catalog, then the older 2025 one, from a URL carrying a token
		JsonNode newer = KevFiles.read(KevFiles.fixture(KevFiles.V2026_08_07));
		JsonNode older = KevFiles.read(KevFiles.fixture(KevFiles.CURRENT));
		this.server.enqueue(new MockResponse.Builder().body(KevFiles.text(KevFiles.fixture(KevFiles.V2026_08_07))).build());
		this.server.enqueue(new MockResponse.Builder().body(KevFiles.text(KevFiles.fixture(KevFiles.CURRENT))).build());
		String url = this.server.url("/feeds/kev.json?token=s3cr3t-t0ken").toString();
		assertThat(this.cli.run("run", "kev-ingest", "url=" + url).exitCode()).isZero();
		Cli.Result load = this.cli.run("run", "kev-ingest", "url=" + url);
		Cli.Result status = this.cli.run("status", "--json");
		Cli.Result text = this.cli.run("status");

		// then
		assertThat(status.exitCode()).isZero();
		JsonNode kev = json.readTree(status.out()).get("feeds").get("kev");
		Set<String> dropped = new TreeSet<>(KevFiles.entries(newer).keySet());
		dropped.removeAll(KevFiles.entries(older).keySet());
		assertThat(kev.get("catalogVersion").stringValue()).isEqualTo(older.get("catalogVersion").stringValue());
		assertThat(Instant.parse(kev.get("dateReleased").stringValue()))
			.isEqualTo(Instant.parse(older.get("dateReleased").stringValue()));
		assertThat(kev.get("entries").intValue()).isEqualTo(older.get("count").intValue());
		assertThat(kev.get("removed").intValue()).isEqualTo(dropped.size());
		assertThat(Instant.parse(kev.get("fetchedAt").stringValue())).isNotNull();
		String shownUrl = this.server.url("/feeds/kev.json").toString() + "?...";
		assertThat(kev.get("url").stringValue()).isEqualTo(shownUrl);
		assertThat(text.out()).contains("feeds.kev: catalog " + older.get("catalogVersion").stringValue())
			.contains(older.get("count").intValue() + " entries, " + dropped.size() + " removed")
			.contains(shownUrl);
		for (Cli.Result result : new Cli.Result[] { load, status, text }) {
			assertThat(result.out() + result.err()).doesNotContain("s3cr3t");
		}
		assertThat(this.db.snapshot()).doesNotContain("s3cr3t");
	}

	private void assertNoop(Cli.Result result, String before) throws Exception {
		assertThat(result.exitCode()).as(result.out()).isZero();
		assertThat(result.out()).contains("KEV catalog unchanged at")
			.contains("since catalog 2025.08.25")
			.contains("nothing loaded");
		JsonNode jobs = JsonMapper.shared().readTree(this.cli.run("jobs", "--json").out()).get("jobs");
		JsonNode kevIngest = jobs.values()
			.stream()
			.filter(job -> job.get("job").stringValue().equals("kev-ingest"))
			.findFirst()
			.orElseThrow();
		assertThat(kevIngest.get("status").stringValue()).isEqualTo("COMPLETED");
		assertThat(kevIngest.get("exitCode").stringValue()).isEqualTo("NOOP");
		assertThat(this.db.snapshot()).isEqualTo(before);
		assertThat(this.server.getRequestCount()).isEqualTo(2);
	}

}
