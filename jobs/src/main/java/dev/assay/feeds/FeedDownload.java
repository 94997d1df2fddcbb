package dev.assay.feeds;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One download of a feed.
 *
 * @param file the downloaded bytes, {@code null} when the feed had not changed
 * @param sha256 hex SHA-256 of the file (of the previous one when unchanged)
 * @param bytes the size of the file
 * @param etag the {@code ETag} of the answer, for the next conditional request
 * @param lastModified the {@code Last-Modified} of the answer, likewise
 * @param url where it came from, without credentials
 * @param fetchedAt when the download ended
 */
public record FeedDownload(Path file, String sha256, long bytes, String etag, String lastModified, String url,
		Instant fetchedAt) {

	/** Whether the feed is the same as last time: nothing to load. */
	public boolean unchanged() {
		return this.file == null;
	}

}
