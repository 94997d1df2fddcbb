package dev.assay.feeds.epss;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The valid rows of one EPSS file, in columns, sorted by CVE id in the binary order of the
 * database key, so a load can merge them with the stored rows in one pass.
 */
final class EpssRows {

	private final String[] cves;

	private final double[] epss;

	private final double[] percentiles;

	private EpssRows(String[] cves, double[] epss, double[] percentiles) {
		this.cves = cves;
		this.epss = epss;
		this.percentiles = percentiles;
	}

	/** Sorts the first {@code size} entries of the given columns by CVE id. */
	static EpssRows sorted(String[] cves, double[] epss, double[] percentiles, int size) {
		Integer[] order = new Integer[size];
		for (int i = 0; i < size; i++) {
			order[i] = i;
		}
		// ascii_bin ordering in MariaDB is byte order, which String.compareTo gives for ASCII ids.
		Arrays.sort(order, Comparator.comparing(i -> cves[i]));
		String[] sortedCves = new String[size];
		double[] sortedEpss = new double[size];
		double[] sortedPercentiles = new double[size];
		for (int i = 0; i < size; i++) {
			sortedCves[i] = cves[order[i]];
			sortedEpss[i] = epss[order[i]];
			sortedPercentiles[i] = percentiles[order[i]];
		}
		return new EpssRows(sortedCves, sortedEpss, sortedPercentiles);
	}

	int size() {
		return this.cves.length;
	}

	String cve(int i) {
		return this.cves[i];
	}

	double epss(int i) {
		return this.epss[i];
	}

	double percentile(int i) {
		return this.percentiles[i];
	}

}
