package dev.assay.feeds.epss;

/**
 * The valid rows of one EPSS file, in columns, one per CVE, sorted by CVE id in the binary order
 * of the database key, so a load can merge them with the stored rows in one pass.
 */
final class EpssRows {

	private final CveIds cves;

	private final double[] epss;

	private final double[] percentiles;

	/** Rows in CVE order, each CVE once; the score columns may be longer than {@code cves}. */
	EpssRows(CveIds cves, double[] epss, double[] percentiles) {
		this.cves = cves;
		this.epss = epss;
		this.percentiles = percentiles;
	}

	int size() {
		return this.cves.size();
	}

	CveIds cves() {
		return this.cves;
	}

	String cve(int i) {
		return this.cves.get(i);
	}

	double epss(int i) {
		return this.epss[i];
	}

	double percentile(int i) {
		return this.percentiles[i];
	}

}
