package dev.assay.feeds.epss;

import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.assay.testing.EpssFiles;

/**
 * Bad rows of one kind put on known lines of an EPSS file, each with the problem the job must name
 * for it, in the words of its summary.
 */
enum BadRows {

	/** Scores that are not numbers, or numbers outside [0, 1], in either column. */
	SCORE {
		@Override
		Bad bad(int row, long seed, int variant) {
			String cve = EpssFiles.cve(row);
			String epss = format(EpssFiles.epss(row, seed));
			String percentile = format(EpssFiles.percentile(row, seed));
			return switch (variant % 5) {
				case 0 -> new Bad(cve + ",abc," + percentile, "epss 'abc' is not a number from 0 to 1");
				case 1 -> new Bad(cve + ",1.00001," + percentile, "epss '1.00001' is not a number from 0 to 1");
				case 2 -> new Bad(cve + "," + epss + ",-0.00001",
						"percentile '-0.00001' is not a number from 0 to 1");
				case 3 -> new Bad(cve + "," + epss + ",NaN", "percentile 'NaN' is not a number from 0 to 1");
				default -> new Bad(cve + ",," + percentile, "epss '' is not a number from 0 to 1");
			};
		}
	},

	/** Ids that do not follow {@code CVE-yyyy-nnnn...}. */
	CVE_ID {
		@Override
		Bad bad(int row, long seed, int variant) {
			String cve = EpssFiles.cve(row);
			String id = switch (variant % 4) {
				case 0 -> cve.toLowerCase(Locale.ROOT);
				case 1 -> "CVE-" + cve.substring(6);
				case 2 -> cve.substring(0, 9) + "123";
				default -> "GHSA-jfh8-c2jp-5v3q";
			};
			String line = id + "," + format(EpssFiles.epss(row, seed)) + "," + format(EpssFiles.percentile(row, seed));
			return new Bad(line, "invalid CVE id '" + id + "'");
		}
	},

	/** A second row for the CVE of the row before, with other scores. */
	DUPLICATE {
		@Override
		Bad bad(int row, long seed, int variant) {
			String cve = EpssFiles.cve(row - 1);
			String line = cve + "," + format(EpssFiles.epss(row, seed)) + "," + format(EpssFiles.percentile(row, seed));
			return new Bad(line, "duplicate " + cve + " (first on line " + (row - 1 + 3) + ")");
		}
	};

	/** The bad line in place of row {@code row}, and the problem the job names for it. */
	abstract Bad bad(int row, long seed, int variant);

	/**
	 * Replaces {@code count} rows, spread evenly over a file of {@link EpssFiles#lines}, with bad
	 * rows of this kind. The replaced rows do not load; every other row does, unchanged.
	 * @return the problem for each replaced line, by line number
	 */
	SortedMap<Integer, String> spoil(List<String> lines, int count, long seed) {
		int rows = lines.size() - 2;
		int stride = rows / count;
		SortedMap<Integer, String> problems = new TreeMap<>();
		for (int k = 0; k < count; k++) {
			int row = k * stride + stride / 2;
			Bad bad = bad(row, seed, k);
			lines.set(row + 2, bad.line());
			problems.put(row + 3, bad.problem());
		}
		return problems;
	}

	/** The problems as the job lists them: {@code line 5: ...; line 9: ...}. */
	static String listed(SortedMap<Integer, String> problems, int limit) {
		return problems.entrySet()
			.stream()
			.limit(limit)
			.map(problem -> "line " + problem.getKey() + ": " + problem.getValue())
			.collect(Collectors.joining("; "));
	}

	/** A bad line and the problem the job names for it. */
	record Bad(String line, String problem) {
	}

	private static String format(double score) {
		return String.format(Locale.ROOT, "%.5f", score);
	}

}
