package dev.assay.feeds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.assay.testing.Fixtures;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link FeedFetcher} against a real HTTP server on loopback and real files: what lands on disk,
 * how many requests the server saw, and the exact messages of every failure.
 */
@ExtendWith(OutputCaptureExtension.class)
class FeedFetcherTests {

	private static final String FEED = "kev";

	private static final FeedHttpProperties SETTINGS = settings(3, Duration.ofSeconds(10), Duration.ofMillis(10),
			DataSize.ofMegabytes(8));

	@TempDir
	Path folder;

	MockWebServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = new MockWebServer();
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void downloadsTheBodyWithItsHashSizeAndValidators() throws Exception {
		byte[] catalog = Files.readAllBytes(Fixtures.file("kev/known_exploited_vulnerabilities.json"));
		this.server.enqueue(new MockResponse.Builder().body(new Buffer().write(catalog))
			.addHeader("ETag", "\"kev-2025.08.25\"")
			.addHeader("Last-Modified", "Mon, 25 Aug 2025 17:04:19 GMT")
			.build());

		FeedDownload download = fetch(url("/feed"), FeedVersion.NONE);

		assertThat(download.unchanged()).isFalse();
		assertThat(download.file()).hasParent(this.folder).hasBinaryContent(catalog);
		assertThat(download.sha256()).isEqualTo(sha256(catalog));
		assertThat(download.bytes()).isEqualTo(catalog.length);
		assertThat(download.etag()).isEqualTo("\"kev-2025.08.25\"");
		assertThat(download.lastModified()).isEqualTo("Mon, 25 Aug 2025 17:04:19 GMT");
		assertThat(download.url()).isEqualTo(url("/feed"));
		assertThat(download.fetchedAt()).isNotNull();
		assertThat(this.server.getRequestCount()).isOne();
		assertThat(filesLeft()).containsExactly(download.file());
	}

	@Test
	void firstDownloadAsksUnconditionally() throws Exception {
		this.server.enqueue(ok("cve,epss,percentile\n"));

		fetch(url("/feed"), FeedVersion.NONE);

		RecordedRequest request = this.server.takeRequest();
		assertThat(request.getHeaders().get("If-None-Match")).isNull();
		assertThat(request.getHeaders().get("If-Modified-Since")).isNull();
	}

	@ParameterizedTest
	@ValueSource(ints = { 301, 302 })
	void redirectToAnotherPathIsFollowed(int status) throws Exception {
		byte[] body = bytes("moved here\n");
		this.server.enqueue(new MockResponse.Builder().code(status).addHeader("Location", "/moved/feed").build());
		this.server.enqueue(new MockResponse.Builder().body(new Buffer().write(body)).build());

		FeedDownload download = fetch(url("/feed"), FeedVersion.NONE);

		assertThat(download.file()).hasBinaryContent(body);
		assertThat(download.sha256()).isEqualTo(sha256(body));
		assertThat(this.server.getRequestCount()).isEqualTo(2);
		assertThat(this.server.takeRequest().getUrl().encodedPath()).isEqualTo("/feed");
		assertThat(this.server.takeRequest().getUrl().encodedPath()).isEqualTo("/moved/feed");
	}

	@Test
	void conditionalRequestCarriesTheValidatorsOfTheLastDownload() throws Exception {
		FeedVersion last = new FeedVersion("\"v1\"", "Wed, 21 Oct 2015 07:28:00 GMT", sha256(bytes("old")));
		this.server.enqueue(new MockResponse.Builder().code(304).build());

		fetch(url("/feed"), last);

		RecordedRequest request = this.server.takeRequest();
		assertThat(request.getHeaders().get("If-None-Match")).isEqualTo(last.etag());
		assertThat(request.getHeaders().get("If-Modified-Since")).isEqualTo(last.lastModified());
	}

	@Test
	void notModifiedAnswerIsUnchangedAndKeepsTheLastVersion() throws Exception {
		FeedVersion last = new FeedVersion("\"v1\"", "Wed, 21 Oct 2015 07:28:00 GMT", sha256(bytes("old")));
		this.server.enqueue(new MockResponse.Builder().code(304).build());

		FeedDownload download = fetch(url("/feed"), last);

		assertThat(download.unchanged()).isTrue();
		assertThat(download.file()).isNull();
		assertThat(download.sha256()).isEqualTo(last.sha256());
		assertThat(download.etag()).isEqualTo(last.etag());
		assertThat(download.lastModified()).isEqualTo(last.lastModified());
		assertThat(download.url()).isEqualTo(url("/feed"));
		assertThat(this.server.getRequestCount()).isOne();
		assertThat(filesLeft()).isEmpty();
	}

	@Test
	void bodyThatHashesLikeTheLastDownloadIsUnchangedAndLeavesNoFile() throws Exception {
		byte[] catalog = Files.readAllBytes(Fixtures.file("kev/known_exploited_vulnerabilities_v2025.08.21.json"));
		FeedVersion last = new FeedVersion("\"v1\"", null, sha256(catalog));
		// A server that ignores If-None-Match and sends the same bytes under a new ETag.
		this.server.enqueue(new MockResponse.Builder().body(new Buffer().write(catalog))
			.addHeader("ETag", "\"v2\"")
			.build());

		FeedDownload download = fetch(url("/feed"), last);

		assertThat(download.unchanged()).isTrue();
		assertThat(download.sha256()).isEqualTo(last.sha256());
		assertThat(download.etag()).isEqualTo("\"v2\"");
		assertThat(filesLeft()).isEmpty();
	}

	@Test
	void serverErrorIsRetriedAndTheNextAttemptSucceeds() throws Exception {
		byte[] body = bytes("cve,epss,percentile\nCVE-2024-0001,0.5,0.9\n");
		this.server.enqueue(new MockResponse.Builder().code(500).build());
		this.server.enqueue(new MockResponse.Builder().body(new Buffer().write(body)).build());

		FeedDownload download = fetch(url("/feed"), FeedVersion.NONE);

		assertThat(download.file()).hasBinaryContent(body);
		assertThat(download.sha256()).isEqualTo(sha256(body));
		assertThat(this.server.getRequestCount()).isEqualTo(2);
	}

	@Test
	void serverErrorOnEveryAttemptFailsAfterMaxAttemptsNamingUrlAndStatus() {
		for (int i = 0; i < SETTINGS.maxAttempts(); i++) {
			this.server.enqueue(new MockResponse.Builder().code(500).build());
		}
		// Would be served to one attempt too many.
		this.server.enqueue(ok("late"));

		FeedException failure = fetchFails(url("/feed"));

		assertThat(failure).hasMessage("The kev feed could not be downloaded after " + SETTINGS.maxAttempts()
				+ " attempts: HTTP 500 from " + url("/feed")
				+ ". The last good data stays; try again later or raise assay.feeds.http.max-attempts.");
		assertThat(this.server.getRequestCount()).isEqualTo(SETTINGS.maxAttempts());
		assertThat(filesLeft()).isEmpty();
	}

	@Test
	@Timeout(30)
	void tooManyRequestsIsRetriedAfterTheSecondsOfRetryAfter() throws Exception {
		// A ten-minute back-off: only honouring Retry-After lets this finish within the timeout.
		FeedHttpProperties slow = settings(2, Duration.ofSeconds(10), Duration.ofMinutes(10), DataSize.ofMegabytes(1));
		byte[] body = bytes("after the pause");
		this.server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "1").build());
		this.server.enqueue(new MockResponse.Builder().body(new Buffer().write(body)).build());

		FeedDownload download = fetcher(slow).fetch(FEED, url("/feed"), FeedVersion.NONE, this.folder);

		assertThat(download.file()).hasBinaryContent(body);
		assertThat(this.server.getRequestCount()).isEqualTo(2);
	}

	@Test
	void notFoundFailsAtOnceNamingStatusUrlAndProperty() {
		this.server.enqueue(new MockResponse.Builder().code(404).build());
		this.server.enqueue(ok("would be a retry"));

		FeedException failure = fetchFails(url("/feed"));

		assertThat(failure).hasMessage("The kev feed could not be downloaded: HTTP 404 from " + url("/feed")
				+ ". Check assay.feeds.kev.url.");
		assertThat(this.server.getRequestCount()).isOne();
		assertThat(filesLeft()).isEmpty();
	}

	@Test
	void bodyStalledPastTheReadTimeoutIsRetriedThenFails() {
		FeedHttpProperties impatient = settings(2, Duration.ofMillis(250), Duration.ofMillis(10),
				DataSize.ofMegabytes(1));
		for (int i = 0; i < impatient.maxAttempts(); i++) {
			this.server.enqueue(new MockResponse.Builder().body("too late").bodyDelay(3, TimeUnit.SECONDS).build());
		}

		FeedException failure = catchThrowableOfType(FeedException.class,
				() -> fetcher(impatient).fetch(FEED, url("/feed"), FeedVersion.NONE, this.folder));

		assertThat(failure)
			.hasMessageStartingWith(
					"The kev feed could not be downloaded after 2 attempts: timed out reading " + url("/feed") + " (")
			.hasMessageEndingWith(
					". The last good data stays; try again later or raise assay.feeds.http.max-attempts.");
		assertThat(this.server.getRequestCount()).isEqualTo(2);
		assertThat(filesLeft()).isEmpty();
	}

	@Test
	void bodyOfExactlyTheLimitIsAccepted() throws Exception {
		DataSize limit = DataSize.ofKilobytes(1);
		byte[] body = new byte[(int) limit.toBytes()];
		this.server.enqueue(new MockResponse.Builder().body(new Buffer().write(body)).build());

		FeedDownload download = fetcher(settings(1, Duration.ofSeconds(10), Duration.ofMillis(10), limit)).fetch(FEED,
				url("/feed"), FeedVersion.NONE, this.folder);

		assertThat(download.bytes()).isEqualTo(limit.toBytes());
	}

	@Test
	void bodyLargerThanTheLimitIsRefused() {
		DataSize limit = DataSize.ofKilobytes(1);
		this.server.enqueue(new MockResponse.Builder().body(new Buffer().write(new byte[(int) limit.toBytes() + 1]))
			.build());
		this.server.enqueue(ok("would be a retry"));

		FeedException failure = catchThrowableOfType(FeedException.class,
				() -> fetcher(settings(3, Duration.ofSeconds(10), Duration.ofMillis(10), limit)).fetch(FEED,
						url("/feed"), FeedVersion.NONE, this.folder));

		assertThat(failure).hasMessage("The kev download from " + url("/feed") + " is larger than " + limit
				+ "; refusing it. Raise assay.feeds.http.max-download-size if the feed really grew.");
		assertThat(this.server.getRequestCount()).isOne();
		assertThat(filesLeft()).isEmpty();
	}

	@Test
	void fileUrlOfAnExistingFileIsCopied() throws Exception {
		Path source = Fixtures.file("kev/known_exploited_vulnerabilities.json");
		byte[] catalog = Files.readAllBytes(source);

		FeedDownload download = fetch(source.toUri().toString(), FeedVersion.NONE);

		assertThat(download.file()).hasParent(this.folder).hasBinaryContent(catalog);
		assertThat(download.sha256()).isEqualTo(sha256(catalog));
		assertThat(download.bytes()).isEqualTo(catalog.length);
		assertThat(download.etag()).isNull();
		assertThat(download.lastModified()).isNull();
		assertThat(download.url()).isEqualTo(source.toUri().toString());
		assertThat(source).hasBinaryContent(catalog);
	}

	@Test
	void fileUrlOfAMissingFileNamesThePath(@TempDir Path elsewhere) {
		Path missing = elsewhere.resolve("known_exploited_vulnerabilities.json");

		FeedException failure = fetchFails(missing.toUri().toString());

		assertThat(failure).hasMessage("The kev file " + missing + " does not exist; check assay.feeds.kev.url.");
		assertThat(filesLeft()).isEmpty();
	}

	@Test
	void unsupportedSchemeIsRefusedNamingTheProperty() {
		FeedException failure = fetchFails("ftp://mirror.example/kev.json");

		assertThat(failure).hasMessage(
				"The kev URL ftp://mirror.example/kev.json is neither http(s): nor file:; fix assay.feeds.kev.url.");
		assertThat(filesLeft()).isEmpty();
	}

	@Test
	void urlWithoutASchemeIsRefusedAsWritten() {
		FeedException failure = fetchFails("feeds/kev.json");

		assertThat(failure)
			.hasMessage("The kev URL feeds/kev.json is neither http(s): nor file:; fix assay.feeds.kev.url.");
		assertThat(filesLeft()).isEmpty();
	}

	@Test
	void portNoHttpClientCanUseIsRefusedNamingTheProperty() {
		FeedException failure = fetchFails("http://mirror.example:99999/kev.json");

		assertThat(failure).hasMessage("The kev URL http://mirror.example:99999/kev.json is not a usable http(s): URL;"
				+ " check its host and port in assay.feeds.kev.url.");
		assertThat(filesLeft()).isEmpty();
	}

	@Test
	void credentialsInTheUrlReachTheServerButNotTheDownload() throws Exception {
		this.server.enqueue(ok("secret feed"));

		FeedDownload download = fetch(withCredentials("/feed"), FeedVersion.NONE);

		assertThat(download.url()).isEqualTo(url("/feed") + "?...").doesNotContain("s3cret", "abc123");
		assertThat(this.server.takeRequest().getUrl().queryParameter("token")).isEqualTo("abc123");
	}

	@Test
	void credentialsStayOutOfTheUnchangedDownload() {
		this.server.enqueue(new MockResponse.Builder().code(304).build());

		FeedDownload download = fetch(withCredentials("/feed"), new FeedVersion("\"v1\"", null, "0".repeat(64)));

		assertThat(download.url()).isEqualTo(url("/feed") + "?...");
	}

	@Test
	void credentialsStayOutOfHttpErrorMessages() {
		this.server.enqueue(new MockResponse.Builder().code(401).build());

		FeedException failure = fetchFails(withCredentials("/feed"));

		assertThat(failure).hasMessageContaining("HTTP 401 from " + url("/feed") + "?...");
		assertNoCredentials(failure);
	}

	@Test
	void credentialsStayOutOfExhaustedRetryMessagesAndTheLog(CapturedOutput output) {
		for (int i = 0; i < SETTINGS.maxAttempts(); i++) {
			this.server.enqueue(new MockResponse.Builder().code(503).build());
		}

		FeedException failure = fetchFails(withCredentials("/feed"));

		assertThat(failure).hasMessageContaining("HTTP 503 from " + url("/feed") + "?...");
		assertNoCredentials(failure);
		assertThat(output).contains("kev feed attempt 1 of " + SETTINGS.maxAttempts() + " failed (HTTP 503 from "
				+ url("/feed") + "?...)")
			.doesNotContain("s3cret", "abc123");
	}

	@Test
	void credentialsStayOutOfConnectionFailureMessages() {
		String refused = withCredentials("/feed");
		this.server.close();

		FeedException failure = fetchFails(refused);

		assertThat(failure).hasMessageContaining(" attempts: ").hasMessageContaining(url("/feed") + "?...");
		assertNoCredentials(failure);
	}

	@Test
	void credentialsStayOutOfMalformedUrlMessages() {
		String malformed = withCredentials("/feed") + " and more";

		FeedException failure = fetchFails(malformed);

		assertThat(failure).hasMessage("The kev URL is not a valid URL (Illegal character in query at index "
				+ malformed.indexOf(' ') + "); fix assay.feeds.kev.url.");
		assertNoCredentials(failure);
	}

	private FeedDownload fetch(String url, FeedVersion last) {
		return fetcher(SETTINGS).fetch(FEED, url, last, this.folder);
	}

	private FeedException fetchFails(String url) {
		return catchThrowableOfType(FeedException.class, () -> fetch(url, FeedVersion.NONE));
	}

	/** The fetcher with the HTTP client the application builds from the same settings. */
	private static FeedFetcher fetcher(FeedHttpProperties settings) {
		return new FeedFetcher(new FeedsConfiguration().feedHttpClient(settings), settings);
	}

	private static FeedHttpProperties settings(int maxAttempts, Duration readTimeout, Duration backoff,
			DataSize maxDownloadSize) {
		return new FeedHttpProperties(Duration.ofSeconds(5), readTimeout, Duration.ofMinutes(1), maxAttempts, backoff, maxDownloadSize);
	}

	private String url(String path) {
		return this.server.url(path).toString();
	}

	private String withCredentials(String path) {
		HttpUrl url = this.server.url(path)
			.newBuilder()
			.username("user")
			.password("s3cret")
			.addQueryParameter("token", "abc123")
			.build();
		assertThat(url.toString()).contains("user:s3cret@", "token=abc123");
		return url.toString();
	}

	private static void assertNoCredentials(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			assertThat(String.valueOf(cause.getMessage())).as(cause.getClass().getName())
				.doesNotContain("s3cret", "abc123");
			for (Throwable suppressed : cause.getSuppressed()) {
				assertNoCredentials(suppressed);
			}
		}
	}

	private List<Path> filesLeft() {
		try (Stream<Path> files = Files.list(this.folder)) {
			return files.toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot list " + this.folder, ex);
		}
	}

	private static MockResponse ok(String body) {
		return new MockResponse.Builder().body(body).build();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

}
