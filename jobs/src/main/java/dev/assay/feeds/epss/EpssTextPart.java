package dev.assay.feeds.epss;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import dev.assay.feeds.FeedException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The rows of one consecutive part of an EPSS file's text, each validated, read with commons-csv
 * and sorted by CVE id. An EPSS file is cut into parts at line ends so that its rows can be read
 * and sorted on several threads ({@link #cut} says where); {@link #join} merges the sorted parts.
 * Line numbers are those of the whole file. Not thread-safe: one thread reads one part.
 */
final class EpssTextPart {

	/** A part below this size is not worth a thread of its own. */
	private static final int MIN_PART_BYTES = 1 << 20;

	private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get();

	private final BadRowLog bad;

	private CveIds cves = new CveIds(1 << 12);

	private double[] epss = new double[1 << 12];

	private double[] percentiles = new double[1 << 12];

	private int[] lines = new int[1 << 12];

	private int records;

	private EpssTextPart(int samples) {
		this.bad = new BadRowLog(samples);
	}

	/**
	 * Where to cut the text from {@code from} into at most {@code parts} parts, each ending after a
	 * line end: the offsets that start each part, then the end. One part for text that holds a quote:
	 * a quoted field may span lines, and only a reader that starts at the top can tell.
	 */
	static int[] cut(byte[] text, int from, int parts) {
		int count = Math.max(1, Math.min(parts, (text.length - from) / MIN_PART_BYTES));
		if (count > 1) {
			for (int i = from; i < text.length; i++) {
				if (text[i] == '"') {
					count = 1;
					break;
				}
			}
		}
		List<Integer> starts = new ArrayList<>();
		starts.add(from);
		for (int part = 1; part < count; part++) {
			int at = from + (int) ((long) (text.length - from) * part / count);
			while (at < text.length && text[at - 1] != '\n') {
				at++;
			}
			if (at > starts.get(starts.size() - 1) && at < text.length) {
				starts.add(at);
			}
		}
		starts.add(text.length);
		return starts.stream().mapToInt(Integer::intValue).toArray();
	}

	/**
	 * Reads the records of {@code text[from, to)}; with {@code header}, the first must be the header
	 * {@code cve,epss,percentile}.
	 * @param samples how many of the first bad rows to describe
	 */
	static EpssTextPart read(byte[] text, int from, int to, boolean header, int samples, String source)
			throws IOException {
		EpssTextPart part = new EpssTextPart(samples);
		try (CSVParser parser = CSVParser.parse(
				new InputStreamReader(new ByteArrayInputStream(text, from, to - from), StandardCharsets.UTF_8), FORMAT)) {
			Iterator<CSVRecord> records = parser.iterator();
			if (header) {
				if (!records.hasNext()) {
					throw new FeedException(
							"The EPSS file from " + source + " ends after its comment line: no header, no rows.");
				}
				List<String> names = records.next().toList();
				if (!names.equals(EpssFileReader.HEADER)) {
					throw new FeedException("Line 2 of the EPSS file from " + source
							+ " should be the header 'cve,epss,percentile' but is '"
							+ EpssFileReader.printable(String.join(",", names)) + "'.");
				}
				part.records++;
			}
			while (records.hasNext()) {
				part.add(records.next());
			}
		}
		part.sortByCve();
		return part;
	}

	private void add(CSVRecord record) {
		this.records++;
		// Lines are numbered from the first line of the file in join(); here from the part's start.
		int line = this.records;
		if (record.size() != 3) {
			this.bad.add(line, "expected 3 columns (cve,epss,percentile) but got " + record.size() + ": '"
					+ EpssFileReader.printable(String.join(",", record.toList())) + "'");
			return;
		}
		String cve = record.get(0);
		if (!EpssValues.isCveId(cve)) {
			this.bad.add(line, "invalid CVE id '" + EpssFileReader.printable(cve) + "'");
			return;
		}
		double score = EpssValues.probability(record.get(1));
		if (Double.isNaN(score)) {
			this.bad.add(line, notAProbability("epss", record.get(1)));
			return;
		}
		double percentile = EpssValues.probability(record.get(2));
		if (Double.isNaN(percentile)) {
			this.bad.add(line, notAProbability("percentile", record.get(2)));
			return;
		}
		int row = this.cves.size();
		if (row == this.epss.length) {
			int capacity = row * 2;
			this.epss = Arrays.copyOf(this.epss, capacity);
			this.percentiles = Arrays.copyOf(this.percentiles, capacity);
			this.lines = Arrays.copyOf(this.lines, capacity);
		}
		this.cves.add(cve);
		this.epss[row] = score;
		this.percentiles[row] = percentile;
		this.lines[row] = line;
	}

	/**
	 * Sorts the rows by CVE id, in the byte order of the {@code ascii_bin} key. The sort is stable:
	 * the lines of one CVE stay in file order, the first one first.
	 */
	private void sortByCve() {
		int size = this.cves.size();
		Integer[] order = new Integer[size];
		for (int i = 0; i < size; i++) {
			order[i] = i;
		}
		CveIds ids = this.cves;
		Arrays.sort(order, (a, b) -> ids.compare(a, ids, b));
		CveIds sortedCves = new CveIds(size);
		double[] sortedEpss = new double[size];
		double[] sortedPercentiles = new double[size];
		int[] sortedLines = new int[size];
		for (int i = 0; i < size; i++) {
			int row = order[i];
			sortedCves.add(ids, row);
			sortedEpss[i] = this.epss[row];
			sortedPercentiles[i] = this.percentiles[row];
			sortedLines[i] = this.lines[row];
		}
		this.cves = sortedCves;
		this.epss = sortedEpss;
		this.percentiles = sortedPercentiles;
		this.lines = sortedLines;
	}

	private static String notAProbability(String column, String text) {
		return column + " '" + EpssFileReader.printable(text) + "' is not a number from 0 to 1";
	}

	/**
	 * Merges consecutive parts, each sorted, into the rows of the file: each CVE once, from its
	 * first line. Every later line of a CVE is a bad row, a duplicate. Lines are numbered as in the
	 * file, whose first record is on line 2, after the comment line.
	 * @param bad where the bad rows of every part go
	 */
	static EpssRows join(List<EpssTextPart> parts, BadRowLog bad) {
		int total = 0;
		int[] lineOffsets = new int[parts.size()];
		int recordsBefore = 0;
		for (int p = 0; p < parts.size(); p++) {
			EpssTextPart part = parts.get(p);
			lineOffsets[p] = recordsBefore + 1;
			bad.addAll(part.bad, lineOffsets[p]);
			recordsBefore += part.records;
			total += part.cves.size();
		}
		CveIds cves = new CveIds(total);
		double[] epss = new double[total];
		double[] percentiles = new double[total];
		int[] next = new int[parts.size()];
		int firstLine = 0;
		while (true) {
			// The part with the least CVE next; of equal ones the earliest, whose lines come first.
			int from = -1;
			for (int p = 0; p < parts.size(); p++) {
				if (next[p] < parts.get(p).cves.size() && (from < 0
						|| parts.get(p).cves.compare(next[p], parts.get(from).cves, next[from]) < 0)) {
					from = p;
				}
			}
			if (from < 0) {
				break;
			}
			EpssTextPart part = parts.get(from);
			int row = next[from]++;
			int line = part.lines[row] + lineOffsets[from];
			int unique = cves.size();
			if (unique > 0 && part.cves.compare(row, cves, unique - 1) == 0) {
				bad.add(line, "duplicate " + part.cves.get(row) + " (first on line " + firstLine + ")");
				continue;
			}
			cves.add(part.cves, row);
			epss[unique] = part.epss[row];
			percentiles[unique] = part.percentiles[row];
			firstLine = line;
		}
		return new EpssRows(cves, epss, percentiles);
	}

}
