package dev.assay.feeds.epss;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the EPSS feed.
 *
 * @param url where the daily CSV (gzip) is fetched, {@code http(s):} or {@code file:}
 * @param maxUncompressedSize the most the file may grow to when unzipped (the real one is about
 * 10 MB); more is refused as a gzip bomb
 * @param maxBadRowsPercent the share of bad rows above which the whole file is refused
 * @param parallelLoads how many {@code LOAD DATA} statements fill the new table at once, each with
 * its own consecutive share of the CVEs and its own database connection; 1 loads it in one
 */
@ConfigurationProperties("assay.feeds.epss")
public record EpssProperties(
		@DefaultValue("https://epss.empiricalsecurity.com/epss_scores-current.csv.gz") String url,
		@DefaultValue("256MB") DataSize maxUncompressedSize, @DefaultValue("1.0") double maxBadRowsPercent,
		@DefaultValue("4") int parallelLoads) {

	private static final int MAX_PARALLEL_LOADS = 4;

	public EpssProperties {
		if (maxBadRowsPercent < 0 || maxBadRowsPercent > 100) {
			throw new IllegalArgumentException(
					"assay.feeds.epss.max-bad-rows-percent must be between 0 and 100, not " + maxBadRowsPercent);
		}
		if (parallelLoads < 1 || parallelLoads > MAX_PARALLEL_LOADS) {
			throw new IllegalArgumentException("assay.feeds.epss.parallel-loads must be between 1 and "
					+ MAX_PARALLEL_LOADS + " (each load takes a connection of the pool's 10), not " + parallelLoads);
		}
	}

}
