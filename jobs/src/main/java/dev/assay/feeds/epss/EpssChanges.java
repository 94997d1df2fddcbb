package dev.assay.feeds.epss;

/**
 * What one load changed.
 *
 * @param rows CVEs in the new snapshot
 * @param changed CVEs whose score or percentile moved
 * @param added CVEs that were not scored before
 * @param dropped CVEs of the previous snapshot that the new one lacks
 */
record EpssChanges(int rows, int changed, int added, int dropped) {

	static final EpssChanges NONE = new EpssChanges(0, 0, 0, 0);

	/** What this and {@code other}, a load of other CVEs, changed together. */
	EpssChanges plus(EpssChanges other) {
		return new EpssChanges(this.rows + other.rows, this.changed + other.changed, this.added + other.added,
				this.dropped + other.dropped);
	}

}
