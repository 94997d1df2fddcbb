package dev.assay.feeds.kev;

import java.time.Instant;

import dev.assay.feeds.FeedVersion;

/**
 * A catalog that was loaded, as recorded in {@code kev_catalog}.
 *
 * @param catalogVersion {@code catalogVersion}, {@code null} for the CSV variant
 * @param dateReleased {@code dateReleased}, {@code null} for the CSV variant
 * @param entries how many entries it has
 * @param sha256 of the downloaded file
 * @param url where it came from, without credentials
 * @param etag the HTTP validator it came with, or {@code null}
 * @param lastModified likewise
 * @param fetchedAt when it was downloaded
 */
record LoadedCatalog(String catalogVersion, Instant dateReleased, int entries, String sha256, String url, String etag,
		String lastModified, Instant fetchedAt) {

	/** What the next download compares with to skip an unchanged feed. */
	FeedVersion feedVersion() {
		return new FeedVersion(this.etag, this.lastModified, this.sha256);
	}

	String shownVersion() {
		return KevCatalog.shownVersion(this.catalogVersion);
	}

}
