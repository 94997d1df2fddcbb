package dev.assay.registry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.assay.http.RetryAfter;

import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one registry over the OCI Distribution API: the catalog and tag lists (following
 * {@code Link} pagination) and the digest a tag points at ({@code HEAD} of the manifest, with the
 * OCI and Docker media types in {@code Accept}, so a multi-arch image answers with its index).
 * <p>
 * Authentication follows the registry's {@code WWW-Authenticate} challenge: anonymous until asked,
 * then basic, or a bearer token from the token server ({@link BearerTokens}). 5xx answers, 429 and
 * I/O errors are retried with a doubling back-off that a {@code Retry-After} replaces, up to
 * {@code assay.rescan.http.max-attempts}; at most {@code concurrency} requests are in flight.
 * Messages show the registry's name and paths only, never a credential. Thread-safe.
 */
final class RegistryClient {

	static final String MANIFEST_TYPES = String.join(", ", "application/vnd.oci.image.index.v1+json",
			"application/vnd.docker.distribution.manifest.list.v2+json", "application/vnd.oci.image.manifest.v1+json",
			"application/vnd.docker.distribution.manifest.v2+json");

	private static final Logger log = LoggerFactory.getLogger(RegistryClient.class);

	/** A manifest is a few kilobytes; an answer larger than this is no manifest. */
	private static final long MAX_MANIFEST = 4 * 1024 * 1024;

	private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

	private static final JsonMapper JSON = JsonMapper.shared();

	private final RegistrySettings registry;

	private final HttpUrl base;

	private final OkHttpClient client;

	private final RescanProperties.Http http;

	private final Redactor redactor;

	private final BearerTokens tokens;

	private final Semaphore inFlight;

	/** The challenge the registry answered with; {@code null} until one came. */
	private volatile Challenge challenge;

	RegistryClient(RegistrySettings registry, OkHttpClient client, RescanProperties.Http http, Redactor redactor) {
		this.registry = registry;
		this.base = registry.baseUrl();
		this.client = client;
		this.http = http;
		this.redactor = redactor;
		this.tokens = new BearerTokens(registry, client, redactor);
		this.inFlight = new Semaphore(registry.concurrency());
	}

	/** Every repository of the catalog, in the order the registry lists them. */
	List<String> catalog() {
		HttpUrl url = this.base.newBuilder().encodedPath("/v2/_catalog").addQueryParameter("n", "1000").build();
		List<String> repositories = new ArrayList<>();
		while (url != null) {
			Page page = getPage(url, "registry:catalog:*", "repositories", "the catalog");
			if (page.notFound()) {
				throw new RegistryException("Registry " + this.registry.name() + " has no catalog (/v2/_catalog answered"
						+ " HTTP 404); list its repositories in assay.registries[].repositories.");
			}
			repositories.addAll(page.names());
			url = page.next();
		}
		return repositories;
	}

	/** The tags of a repository; empty where it has none or no longer exists. */
	List<String> tags(String repository) {
		HttpUrl url = this.base.newBuilder()
			.encodedPath("/v2/")
			.addPathSegments(repository)
			.addPathSegments("tags/list")
			.build();
		List<String> tags = new ArrayList<>();
		while (url != null) {
			Page page = getPage(url, pullScope(repository), "tags", "the tags of " + repository);
			tags.addAll(page.names());
			url = page.next();
		}
		return tags;
	}

	/**
	 * The digest the tag points at: the index digest for a multi-arch image.
	 * @return {@code null} where the tag went away since it was listed
	 */
	String digest(String repository, String tag) {
		HttpUrl url = this.base.newBuilder()
			.encodedPath("/v2/")
			.addPathSegments(repository)
			.addPathSegment("manifests")
			.addPathSegment(tag)
			.build();
		String what = "the manifest of " + repository + ":" + tag;
		Request head = new Request.Builder().url(url).head().header("Accept", MANIFEST_TYPES).build();
		try (Response response = execute(head, pullScope(repository), what)) {
			if (response.code() == 404) {
				return null;
			}
			checkSuccess(response, what);
			String digest = response.header("Docker-Content-Digest");
			if (digest != null && !digest.isBlank()) {
				return digest.trim();
			}
		}
		// Not every registry sends the digest; the manifest's own bytes then tell it.
		Request get = new Request.Builder().url(url).header("Accept", MANIFEST_TYPES).build();
		try (Response response = execute(get, pullScope(repository), what)) {
			if (response.code() == 404) {
				return null;
			}
			checkSuccess(response, what);
			if (response.body().contentLength() > MAX_MANIFEST) {
				throw new RegistryException("Registry " + this.registry.name() + " answered " + what + " with "
						+ response.body().contentLength() + " bytes, too large for a manifest.");
			}
			return "sha256:" + HexFormat.of().formatHex(sha256().digest(response.body().bytes()));
		}
		catch (IOException ex) {
			throw new RegistryException("Registry " + this.registry.name() + " broke off sending " + what + ": "
					+ this.redactor.redact(ex.getMessage()) + "; try again later.", ex);
		}
	}

	private static String pullScope(String repository) {
		return "repository:" + repository + ":pull";
	}

	private Page getPage(HttpUrl url, String scope, String field, String what) {
		Request request = new Request.Builder().url(url).header("Accept", "application/json").build();
		try (Response response = execute(request, scope, what)) {
			if (response.code() == 404) {
				return new Page(List.of(), null, true);
			}
			checkSuccess(response, what);
			JsonNode names = JSON.readTree(response.body().string()).path(field);
			List<String> values = new ArrayList<>();
			if (names.isArray()) {
				names.forEach(name -> values.add(name.asString()));
			}
			return new Page(values, next(url, response.header("Link")), false);
		}
		catch (IOException ex) {
			throw new RegistryException("Registry " + this.registry.name() + " broke off sending " + what + ": "
					+ this.redactor.redact(ex.getMessage()) + "; try again later.", ex);
		}
		catch (JacksonException ex) {
			throw new RegistryException("Registry " + this.registry.name() + " answered " + what
					+ " with something that is not JSON; check that " + this.registry.shownUrl()
					+ " is an OCI registry.", ex);
		}
	}

	/** The {@code rel="next"} link, resolved against the page it came with; {@code null} on the last page. */
	private static HttpUrl next(HttpUrl page, String link) {
		if (link == null) {
			return null;
		}
		Matcher matcher = NEXT_LINK.matcher(link);
		return matcher.find() ? page.resolve(matcher.group(1)) : null;
	}

	private void checkSuccess(Response response, String what) {
		if (response.code() == 401 || response.code() == 403) {
			throw new RegistryException("Registry " + this.registry.name() + " refused "
					+ (this.registry.anonymous() ? "anonymous access" : "the credentials of user " + this.registry.username())
					+ " to " + what + " (HTTP " + response.code() + "); check assay.registries[].username and password.");
		}
		if (!response.isSuccessful()) {
			throw new RegistryException("Registry " + this.registry.name() + " answered HTTP " + response.code()
					+ " for " + what + "; check " + this.registry.shownUrl() + ".");
		}
	}

	/**
	 * Sends a request with the authorization the registry asked for, answering a new challenge
	 * once, and retrying what may pass on a later attempt. The caller closes the response.
	 */
	private Response execute(Request request, String scope, String what) {
		Duration wait = this.http.backoff();
		boolean challenged = false;
		// The scope of this request: the shared challenge only names the token server, since the
		// requests in flight to one registry each want a token for their own repository.
		String wanted = scope;
		for (int attempt = 1;; attempt++) {
			String problem;
			String token = null;
			Request.Builder sent = request.newBuilder();
			Challenge known = this.challenge;
			if (known != null && known.basic() && !this.registry.anonymous()) {
				sent.header("Authorization", Credentials.basic(this.registry.username(), this.registry.password()));
			}
			else if (known != null && known.bearer()) {
				token = this.tokens.token(known, wanted);
				sent.header("Authorization", "Bearer " + token);
			}
			try {
				Response response = call(sent.build());
				if (response.code() == 401 && !challenged) {
					Challenge asked = Challenge.parse(response.header("WWW-Authenticate"));
					if (asked != null && (asked.bearer() || (asked.basic() && !this.registry.anonymous()))) {
						response.close();
						if (token != null) {
							this.tokens.refused(token);
						}
						this.challenge = asked;
						if (asked.scope() != null) {
							wanted = asked.scope();
						}
						challenged = true;
						attempt--;
						continue;
					}
				}
				if (response.code() != 429 && response.code() < 500) {
					return response;
				}
				problem = "HTTP " + response.code();
				wait = RetryAfter.wait(response, wait);
				response.close();
			}
			catch (InterruptedIOException ex) {
				problem = "timed out (" + this.redactor.redact(ex.getMessage()) + ")";
			}
			catch (IOException ex) {
				problem = ex.getClass().getSimpleName() + ": " + this.redactor.redact(ex.getMessage());
			}
			if (attempt >= this.http.maxAttempts()) {
				throw new RegistryException("Registry " + this.registry.name() + " could not be read (" + what + ") after "
						+ attempt + " attempts: " + problem + ". Try again later, or raise assay.rescan.http.max-attempts.");
			}
			log.warn("Registry {}: {} failed on attempt {} of {} ({}); retrying in {} ms", this.registry.name(), what,
					attempt, this.http.maxAttempts(), problem, wait.toMillis());
			sleep(wait);
			wait = wait.multipliedBy(2);
		}
	}

	private Response call(Request request) throws IOException {
		try {
			this.inFlight.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while waiting for a free connection to the registry");
		}
		try {
			return this.client.newCall(request).execute();
		}
		finally {
			this.inFlight.release();
		}
	}

	private static void sleep(Duration wait) {
		try {
			Thread.sleep(wait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RegistryException("Interrupted while waiting to retry a registry request");
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	/** One page of a list: its names, the next page, and whether the list was not there at all. */
	private record Page(List<String> names, HttpUrl next, boolean notFound) {
	}

}
