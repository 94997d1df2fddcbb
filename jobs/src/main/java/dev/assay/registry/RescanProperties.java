package dev.assay.registry;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When {@code registry-rescan} scans an image again, and how it talks to registries.
 *
 * @param maxAge an image whose last scan is older is scanned again
 * @param retryBackoff the wait after a failed scan before the image is tried again; doubled for each
 * further failure in a row, up to {@code maxAge}
 * @param runningImages whether {@code registry-rescan} also scans the running images never scanned
 * (the runtime view's queue); off by default, since it runs the scanner against whatever registries
 * the clusters pull from
 * @param http requests to registries
 */
@ConfigurationProperties("assay.rescan")
public record RescanProperties(@DefaultValue("24h") Duration maxAge, @DefaultValue("1h") Duration retryBackoff,
		@DefaultValue("false") boolean runningImages, @DefaultValue Http http) {

	public RescanProperties {
		positive("max-age", maxAge);
		positive("retry-backoff", retryBackoff);
	}

	/**
	 * @param timeout longest time one request may take
	 * @param maxAttempts attempts per request; 5xx answers, 429 and I/O errors are retried
	 * @param backoff wait before the second attempt, doubled for each later one; a
	 * {@code Retry-After} (up to 5 minutes) replaces it
	 */
	public record Http(@DefaultValue("60s") Duration timeout, @DefaultValue("4") int maxAttempts,
			@DefaultValue("1s") Duration backoff) {

		public Http {
			positive("http.timeout", timeout);
			if (maxAttempts < 1 || maxAttempts > 20) {
				throw new IllegalArgumentException(
						"assay.rescan.http.max-attempts is " + maxAttempts + "; it must be 1 to 20");
			}
			if (backoff.isNegative()) {
				throw new IllegalArgumentException("assay.rescan.http.backoff must not be negative");
			}
		}

	}

	private static void positive(String name, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException("assay.rescan." + name + " is " + value + "; it must be positive");
		}
	}

}
