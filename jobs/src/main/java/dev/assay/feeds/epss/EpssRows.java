package dev.assay.feeds.epss;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The valid rows of one EPSS file, in columns, one per CVE, sorted by CVE id in the binary order
 * of the database key, so a load can merge them with the stored rows in one pass.
 */
final class EpssRows {

	/** Told of each row that repeats the CVE of an earlier line. */
	@FunctionalInterface
	interface Repeats {

		void found(String cve, int line, int firstLine);

	}

	private final String[] cves;

	private final double[] epss;

	private final double[] percentiles;

	private EpssRows(String[] cves, double[] epss, double[] percentiles) {
		this.cves = cves;
		this.epss = epss;
		this.percentiles = percentiles;
	}

	/**
	 * Sorts the first {@code size} entries of the given columns by CVE id and keeps the first line
	 * of each CVE; every later line of a CVE goes to {@code repeats} instead.
	 * @param lines the line number of each entry, ascending
	 */
	static EpssRows sorted(String[] cves, double[] epss, double[] percentiles, int[] lines, int size,
			Repeats repeats) {
		Integer[] order = new Integer[size];
		for (int i = 0; i < size; i++) {
			order[i] = i;
		}
		// ascii_bin ordering in MariaDB is byte order, which String.compareTo gives for ASCII ids.
		// The sort is stable: the lines of one CVE stay in file order, the first one first.
		Arrays.sort(order, Comparator.comparing(i -> cves[i]));
		String[] sortedCves = new String[size];
		double[] sortedEpss = new double[size];
		double[] sortedPercentiles = new double[size];
		int unique = 0;
		int first = -1;
		for (int i = 0; i < size; i++) {
			int row = order[i];
			if (unique > 0 && cves[row].equals(sortedCves[unique - 1])) {
				repeats.found(cves[row], lines[row], lines[first]);
				continue;
			}
			first = row;
			sortedCves[unique] = cves[row];
			sortedEpss[unique] = epss[row];
			sortedPercentiles[unique] = percentiles[row];
			unique++;
		}
		if (unique < size) {
			return new EpssRows(Arrays.copyOf(sortedCves, unique), Arrays.copyOf(sortedEpss, unique),
					Arrays.copyOf(sortedPercentiles, unique));
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
