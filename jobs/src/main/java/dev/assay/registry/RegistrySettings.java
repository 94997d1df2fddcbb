package dev.assay.registry;

import java.util.List;
import java.util.regex.Pattern;

import okhttp3.HttpUrl;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One configured registry. The credentials come from the environment or a mounted secret
 * ({@code ASSAY_REGISTRIES_0_PASSWORD}), never from a file in the repository, and never appear in
 * {@link #toString()}, a log line or a message.
 *
 * @param name what assay calls it in summaries and status; letters, digits, '.', '_' and '-'
 * @param url {@code https://host[:port]}, or {@code http://} for a registry without TLS
 * @param username user for basic auth or for the token server; {@code null} for anonymous access
 * @param password the password or access token that goes with {@code username}
 * @param include glob patterns on repository names ({@code *} within a path component, {@code **}
 * across them); empty takes every repository
 * @param exclude glob patterns of repositories left out, even where included
 * @param repositories the repositories to read, for registries without {@code _catalog}; empty
 * asks the catalog
 * @param concurrency requests in flight to this registry at most
 * @param insecureTls accept any TLS certificate of this registry (self-signed test registries);
 * off by default
 */
public record RegistrySettings(String name, String url, String username, String password, List<String> include,
		List<String> exclude, List<String> repositories, @DefaultValue("8") int concurrency,
		@DefaultValue("false") boolean insecureTls) {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

	public RegistrySettings {
		include = (include != null) ? List.copyOf(include) : List.of();
		exclude = (exclude != null) ? List.copyOf(exclude) : List.of();
		repositories = (repositories != null) ? List.copyOf(repositories) : List.of();
		username = blankToNull(username);
		password = blankToNull(password);
	}

	void check(String prefix) {
		if (this.name == null || !NAME.matcher(this.name).matches()) {
			throw new IllegalArgumentException(prefix + "name is " + ((this.name == null) ? "missing" : "'" + this.name
					+ "'") + "; give each registry a name of letters, digits, '.', '_' and '-' (up to 128)");
		}
		if (this.url == null || this.url.isBlank()) {
			throw new IllegalArgumentException(prefix + "url is missing; give the registry as https://host[:port]");
		}
		HttpUrl parsed = HttpUrl.parse(this.url.trim());
		if (parsed == null) {
			throw new IllegalArgumentException(prefix + "url is not an http(s) URL; give the registry as"
					+ " https://host[:port] (or http:// for a registry without TLS)");
		}
		if (!parsed.username().isEmpty() || !parsed.password().isEmpty()) {
			throw new IllegalArgumentException(prefix + "url holds credentials; give them as " + prefix + "username and "
					+ prefix + "password (from the environment or a secret) instead");
		}
		if ((this.username == null) != (this.password == null)) {
			throw new IllegalArgumentException(prefix + ((this.username == null) ? "username" : "password")
					+ " is missing; give both username and password, or neither for anonymous access");
		}
		if (this.concurrency < 1 || this.concurrency > 64) {
			throw new IllegalArgumentException(prefix + "concurrency is " + this.concurrency + "; it must be 1 to 64");
		}
		checkGlobs(prefix + "include", this.include);
		checkGlobs(prefix + "exclude", this.exclude);
	}

	private static void checkGlobs(String property, List<String> globs) {
		for (String glob : globs) {
			if (glob == null || glob.isBlank()) {
				throw new IllegalArgumentException(property + " holds an empty pattern; remove it");
			}
		}
	}

	/** The URL as parsed, without a trailing slash. */
	HttpUrl baseUrl() {
		return HttpUrl.get(this.url.trim());
	}

	/**
	 * The registry as image references name it, {@code host:port}; the port is left out only
	 * where the URL leaves it out, so {@code http://127.0.0.1:5000} is {@code 127.0.0.1:5000}.
	 */
	String host() {
		String trimmed = this.url.trim();
		String authority = trimmed.substring(trimmed.indexOf("://") + 3);
		int end = authority.indexOf('/');
		return ((end < 0) ? authority : authority.substring(0, end)).toLowerCase();
	}

	/** The URL as it may be shown: scheme, host and port only. */
	String shownUrl() {
		HttpUrl url = baseUrl();
		return url.scheme() + "://" + host();
	}

	boolean anonymous() {
		return this.username == null;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	/** Everything but the password. */
	@Override
	public String toString() {
		return "RegistrySettings[name=" + this.name + ", url=" + ((this.url != null) ? shownUrl() : null) + ", username="
				+ this.username + ", password=" + ((this.password != null) ? "****" : null) + ", include=" + this.include
				+ ", exclude=" + this.exclude + ", repositories=" + this.repositories + ", concurrency="
				+ this.concurrency + ", insecureTls=" + this.insecureTls + "]";
	}

}
