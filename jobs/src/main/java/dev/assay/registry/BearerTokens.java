package dev.assay.registry;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.assay.feeds.Urls;

/**
 * Bearer tokens of one registry, asked of the token server its challenge names (Docker's token
 * authentication) with the registry's credentials, or anonymously, and kept per scope until shortly
 * before they expire. Every token issued is handed to the {@link Redactor}. Thread-safe.
 */
final class BearerTokens {

	/** What the token specification says to assume where the server gives no lifetime. */
	private static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);

	/** A token is asked anew this long before it expires, so that none expires in flight. */
	private static final Duration MARGIN = Duration.ofSeconds(10);

	private static final JsonMapper JSON = JsonMapper.shared();

	private final RegistrySettings registry;

	private final OkHttpClient client;

	private final Redactor redactor;

	private final Map<String, Token> tokens = new ConcurrentHashMap<>();

	private final Map<String, Object> locks = new ConcurrentHashMap<>();

	BearerTokens(RegistrySettings registry, OkHttpClient client, Redactor redactor) {
		this.registry = registry;
		this.client = client;
		this.redactor = redactor;
	}

	/**
	 * A token for {@code scope} (else the challenge's) from the challenge's token server, from the
	 * cache while it is valid.
	 */
	String token(Challenge challenge, String scope) {
		String wanted = (scope != null) ? scope : challenge.scope();
		String key = challenge.realm() + " " + challenge.service() + " " + wanted;
		// One request per scope at a time: requests in parallel that meet the same challenge share a token.
		synchronized (this.locks.computeIfAbsent(key, (unused) -> new Object())) {
			Token cached = this.tokens.get(key);
			if (cached != null && Instant.now().isBefore(cached.renewAt())) {
				return cached.value();
			}
			Token fresh = fetch(challenge, wanted);
			this.tokens.put(key, fresh);
			return fresh.value();
		}
	}

	/** Forgets a token the registry refused, so that the next request asks for a new one. */
	void refused(String token) {
		this.tokens.values().removeIf(cached -> cached.value().equals(token));
	}

	private Token fetch(Challenge challenge, String scope) {
		HttpUrl realm = (challenge.realm() != null) ? HttpUrl.parse(challenge.realm()) : null;
		if (realm == null) {
			throw new RegistryException("Registry " + this.registry.name() + " asks for a bearer token but names no"
					+ " usable token server (realm) in its WWW-Authenticate challenge; check the registry's auth setup.");
		}
		HttpUrl.Builder url = realm.newBuilder();
		if (challenge.service() != null) {
			url.addQueryParameter("service", challenge.service());
		}
		if (scope != null) {
			url.addQueryParameter("scope", scope);
		}
		Request.Builder request = new Request.Builder().url(url.build());
		if (!this.registry.anonymous()) {
			request.header("Authorization", Credentials.basic(this.registry.username(), this.registry.password()));
		}
		String shown = Urls.redact(realm.uri());
		Instant asked = Instant.now();
		try (Response response = this.client.newCall(request.build()).execute()) {
			if (response.code() == 401 || response.code() == 403) {
				throw new RegistryException("The token server " + shown + " of registry " + this.registry.name()
						+ " refused " + (this.registry.anonymous() ? "anonymous access" : "the credentials of user "
								+ this.registry.username())
						+ " (HTTP " + response.code() + "); check assay.registries[].username and password.");
			}
			if (!response.isSuccessful()) {
				throw new RegistryException("The token server " + shown + " of registry " + this.registry.name()
						+ " answered HTTP " + response.code() + "; try again later.");
			}
			JsonNode body = JSON.readTree(response.body().string());
			String value = text(body, "token");
			if (value == null) {
				value = text(body, "access_token");
			}
			if (value == null) {
				throw new RegistryException("The token server " + shown + " of registry " + this.registry.name()
						+ " answered without a token; check the registry's auth setup.");
			}
			this.redactor.add(value);
			long seconds = body.path("expires_in").asLong(0);
			Duration lifetime = (seconds > 0) ? Duration.ofSeconds(seconds) : DEFAULT_LIFETIME;
			Instant renewAt = asked.plus(lifetime.compareTo(MARGIN.multipliedBy(2)) > 0 ? lifetime.minus(MARGIN)
					: lifetime.dividedBy(2));
			return new Token(value, renewAt);
		}
		catch (IOException ex) {
			throw new RegistryException("The token server " + shown + " of registry " + this.registry.name()
					+ " could not be reached: " + ex.getMessage() + "; try again later.", ex);
		}
		catch (JacksonException ex) {
			throw new RegistryException("The token server " + shown + " of registry " + this.registry.name()
					+ " answered with something that is not JSON; check the registry's auth setup.", ex);
		}
	}

	private static String text(JsonNode body, String field) {
		JsonNode value = body.get(field);
		return (value != null && value.isString() && !value.stringValue().isEmpty()) ? value.stringValue() : null;
	}

	private record Token(String value, Instant renewAt) {
	}

}
