package dev.assay.http;

import java.time.Duration;

import okhttp3.Response;

/**
 * How long to wait before asking a server again: its {@code Retry-After} in seconds where it gives
 * one, up to {@link #MAX}, else the caller's back-off. The cap is there because a job should fail
 * and say so rather than sleep for hours.
 */
public final class RetryAfter {

	/** The longest {@code Retry-After} honoured. */
	public static final Duration MAX = Duration.ofMinutes(5);

	private RetryAfter() {
	}

	public static Duration wait(Response response, Duration backoff) {
		String header = response.header("Retry-After");
		if (header != null && header.trim().matches("\\d{1,9}")) {
			Duration asked = Duration.ofSeconds(Long.parseLong(header.trim()));
			return (asked.compareTo(MAX) > 0) ? MAX : asked;
		}
		return backoff;
	}

}
