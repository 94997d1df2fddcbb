package dev.assay.registry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Takes the secrets of one run out of text that came from elsewhere (a registry's error body, a
 * scanner's stderr) before it is logged or stored: the configured passwords, and each bearer token
 * as it is issued. Thread-safe.
 */
final class Redactor {

	static final String MASK = "****";

	/** Shorter values would mask ordinary words; no real password or token is this short. */
	private static final int SHORTEST = 4;

	private final Set<String> secrets = ConcurrentHashMap.newKeySet();

	void add(String secret) {
		if (secret != null && secret.length() >= SHORTEST) {
			this.secrets.add(secret);
		}
	}

	String redact(String text) {
		if (text == null) {
			return null;
		}
		String redacted = text;
		for (String secret : this.secrets) {
			redacted = redacted.replace(secret, MASK);
		}
		return redacted;
	}

}
