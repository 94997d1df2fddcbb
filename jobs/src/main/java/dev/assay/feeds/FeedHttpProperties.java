package dev.assay.feeds;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How feeds are downloaded.
 *
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long a read may wait for the next bytes
 * @param callTimeout how long one whole attempt may take, so a server that trickles bytes cannot
 * hold a download forever
 * @param maxAttempts attempts per download; 5xx answers, 429 and I/O errors are retried
 * @param backoff the wait before the second attempt, doubled for each later one
 * @param maxDownloadSize the largest file accepted, as downloaded
 */
@ConfigurationProperties("assay.feeds.http")
public record FeedHttpProperties(@DefaultValue("10s") Duration connectTimeout, @DefaultValue("60s") Duration readTimeout,
		@DefaultValue("10m") Duration callTimeout, @DefaultValue("4") int maxAttempts, @DefaultValue("2s") Duration backoff,
		@DefaultValue("512MB") DataSize maxDownloadSize) {

	public FeedHttpProperties {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("assay.feeds.http.max-attempts must be at least 1, not " + maxAttempts);
		}
	}

}
