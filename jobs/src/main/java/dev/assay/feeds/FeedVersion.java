package dev.assay.feeds;

/**
 * What identifies the last good download of a feed, so the next one can be skipped when nothing
 * changed: the HTTP validators for a conditional request and the file's SHA-256.
 */
public record FeedVersion(String etag, String lastModified, String sha256) {

	public static final FeedVersion NONE = new FeedVersion(null, null, null);

}
