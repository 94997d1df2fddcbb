package dev.assay.feeds;

/**
 * A feed could not be downloaded or read. The message names the feed, the place (URL, line) and
 * what to do; the data of the last good snapshot is left as it was.
 */
public class FeedException extends RuntimeException {

	public FeedException(String message) {
		super(message);
	}

	public FeedException(String message, Throwable cause) {
		super(message, cause);
	}

}
