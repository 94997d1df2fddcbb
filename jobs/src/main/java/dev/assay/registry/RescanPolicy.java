package dev.assay.registry;

import java.time.Duration;
import java.time.LocalDateTime;

/**
 * Whether an image is scanned in this run: when it was never scanned, when its last scan is older
 * than {@code assay.rescan.max-age}, when its last scan failed and the back-off has passed
 * ({@code retry-backoff}, doubled for each further failure in a row, at most {@code max-age}), or
 * always with {@code force=true}.
 */
record RescanPolicy(Duration maxAge, Duration retryBackoff, boolean force) {

	/** Why the image is due, or {@code null} where it is fresh (or failed too recently). */
	String due(TrackedImage image, LocalDateTime now) {
		if (this.force) {
			return "force=true";
		}
		if (image.failures() > 0 && image.lastFailed() != null) {
			return now.isBefore(image.lastFailed().plus(backoff(image.failures()))) ? null : "retry after a failed scan";
		}
		if (image.lastScanned() == null) {
			return "never scanned";
		}
		return now.isBefore(image.lastScanned().plus(this.maxAge)) ? null : "last scan older than " + this.maxAge;
	}

	/** The wait after the given number of failures in a row. */
	Duration backoff(int failures) {
		Duration wait = this.retryBackoff;
		for (int i = 1; i < failures && wait.compareTo(this.maxAge) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return (wait.compareTo(this.maxAge) > 0) ? this.maxAge : wait;
	}

}
