package dev.assay.feeds;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import dev.assay.http.RetryAfter;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Downloads a feed from an {@code http(s):} or {@code file:} URL into a local file, hashing it on
 * the way.
 * <p>
 * HTTP downloads follow redirects, ask conditionally (ETag / Last-Modified) so an unchanged feed
 * costs one round trip, retry 5xx answers, 429 and I/O errors with a doubling back-off, and stop
 * at {@link FeedHttpProperties#maxDownloadSize()}. A feed whose bytes hash like the last good one
 * is reported {@link FeedDownload#unchanged() unchanged} whatever the server said. Thread-safe.
 */
@Component
public class FeedFetcher {

	private static final Logger log = LoggerFactory.getLogger(FeedFetcher.class);

	private final OkHttpClient client;

	private final FeedHttpProperties properties;

	public FeedFetcher(OkHttpClient feedHttpClient, FeedHttpProperties properties) {
		this.client = feedHttpClient;
		this.properties = properties;
	}

	/**
	 * Downloads the feed into a new file in {@code folder}.
	 * @param feed the feed's name, for messages
	 * @param url where to fetch it
	 * @param last the last good download, {@link FeedVersion#NONE} if there is none
	 * @throws FeedException when it cannot be had; the message says why and where
	 */
	public FeedDownload fetch(String feed, String url, FeedVersion last, Path folder) {
		URI uri = parse(feed, url);
		String shown = Urls.redact(uri);
		Path target = null;
		try {
			target = Files.createTempFile(folder, feed + "-", ".download");
			FeedDownload download = switch (String.valueOf(uri.getScheme()).toLowerCase()) {
				case "file" -> copyFile(feed, uri, target, shown);
				case "http", "https" -> download(feed, uri, last, target, shown);
				default -> throw new FeedException(
						"The " + feed + " URL " + shown + " is neither http(s): nor file:; fix assay.feeds." + feed + ".url.");
			};
			if (download.unchanged() || download.sha256().equals(last.sha256())) {
				Files.deleteIfExists(target);
				return new FeedDownload(null, (last.sha256() != null) ? last.sha256() : download.sha256(), download.bytes(),
						download.etag(), download.lastModified(), shown, download.fetchedAt());
			}
			return download;
		}
		catch (IOException ex) {
			discard(target, ex);
			throw new FeedException("Could not store the " + feed + " download under " + folder + ": " + ex.getMessage(),
					ex);
		}
		catch (RuntimeException ex) {
			discard(target, ex);
			throw ex;
		}
	}

	/**
	 * A failed download leaves nothing in the folder: a partial file (cut off, refused as too
	 * large) must never be mistaken for a feed, and each failed run would leave another one.
	 */
	private static void discard(Path target, Exception failure) {
		if (target == null) {
			return;
		}
		try {
			Files.deleteIfExists(target);
		}
		catch (IOException ex) {
			failure.addSuppressed(ex);
		}
	}

	private static URI parse(String feed, String url) {
		try {
			return URI.create(url.trim());
		}
		catch (IllegalArgumentException ex) {
			// The parser's message quotes the whole URL, credentials and all: keep only what is wrong where.
			String reason = (ex.getCause() instanceof URISyntaxException syntax)
					? syntax.getReason() + " at index " + syntax.getIndex() : "unparseable";
			throw new FeedException("The " + feed + " URL is not a valid URL (" + reason + "); fix assay.feeds." + feed
					+ ".url.");
		}
	}

	private FeedDownload copyFile(String feed, URI uri, Path target, String shown) throws IOException {
		Path source;
		try {
			source = Path.of(uri);
		}
		catch (IllegalArgumentException ex) {
			throw new FeedException("The " + feed + " URL " + shown + " is not a usable file: URL (" + ex.getMessage()
					+ "); write it as file:/absolute/path.");
		}
		try (InputStream in = Files.newInputStream(source)) {
			String sha256 = store(feed, in, target, shown);
			return new FeedDownload(target, sha256, Files.size(target), null, null, shown, Instant.now());
		}
		catch (NoSuchFileException ex) {
			throw new FeedException("The " + feed + " file " + source + " does not exist; check assay.feeds." + feed + ".url.");
		}
	}

	private FeedDownload download(String feed, URI uri, FeedVersion last, Path target, String shown)
			throws IOException {
		// java.net.URI accepts some URLs OkHttp refuses (port 99999): report them like any other bad URL.
		HttpUrl httpUrl = HttpUrl.parse(uri.toString());
		if (httpUrl == null) {
			throw new FeedException("The " + feed + " URL " + shown + " is not a usable http(s): URL; check its host and"
					+ " port in assay.feeds." + feed + ".url.");
		}
		Request.Builder request = new Request.Builder().url(httpUrl);
		if (last.etag() != null) {
			request.header("If-None-Match", last.etag());
		}
		if (last.lastModified() != null) {
			request.header("If-Modified-Since", last.lastModified());
		}
		Duration wait = this.properties.backoff();
		for (int attempt = 1;; attempt++) {
			String problem;
			try (Response response = this.client.newCall(request.build()).execute()) {
				if (response.code() == 304) {
					log.info("{} feed not modified since the last download ({})", feed, shown);
					return new FeedDownload(null, null, 0, last.etag(), last.lastModified(), shown, Instant.now());
				}
				if (response.isSuccessful()) {
					String sha256 = store(feed, response.body().byteStream(), target, shown);
					return new FeedDownload(target, sha256, Files.size(target), response.header("ETag"),
							response.header("Last-Modified"), shown, Instant.now());
				}
				problem = "HTTP " + response.code() + " from " + shown;
				if (response.code() != 429 && response.code() < 500) {
					throw new FeedException("The " + feed + " feed could not be downloaded: " + problem
							+ ". Check assay.feeds." + feed + ".url.");
				}
				wait = RetryAfter.wait(response, wait);
			}
			catch (InterruptedIOException ex) {
				problem = "timed out reading " + shown + " (" + ex.getMessage() + ")";
			}
			catch (IOException ex) {
				problem = ex.getClass().getSimpleName() + " reading " + shown + ": " + ex.getMessage();
			}
			if (attempt >= this.properties.maxAttempts()) {
				throw new FeedException("The " + feed + " feed could not be downloaded after " + attempt + " attempts: "
						+ problem + ". The last good data stays; try again later or raise assay.feeds.http.max-attempts.");
			}
			log.warn("{} feed attempt {} of {} failed ({}); retrying in {} ms", feed, attempt,
					this.properties.maxAttempts(), problem, wait.toMillis());
			sleep(wait);
			wait = wait.multipliedBy(2);
		}
	}

	private String store(String feed, InputStream in, Path target, String shown) throws IOException {
		MessageDigest digest = sha256();
		long limit = this.properties.maxDownloadSize().toBytes();
		long total = 0;
		byte[] buffer = new byte[64 * 1024];
		try (OutputStream out = new DigestOutputStream(Files.newOutputStream(target), digest)) {
			for (int n; (n = in.read(buffer)) != -1;) {
				total += n;
				if (total > limit) {
					throw new FeedException("The " + feed + " download from " + shown + " is larger than "
							+ this.properties.maxDownloadSize() + "; refusing it. Raise assay.feeds.http.max-download-size"
							+ " if the feed really grew.");
				}
				out.write(buffer, 0, n);
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	private static void sleep(Duration wait) {
		try {
			Thread.sleep(wait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new FeedException("Interrupted while waiting to retry a feed download");
		}
	}

}
