package dev.assay.feeds.epss;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import dev.assay.batch.ProgressLog;
import dev.assay.feeds.FeedException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and validates an EPSS file: gzip (or plain) CSV with the comment line
 * {@code #model_version:v2025.03.14,score_date:2025-09-06T12:55:00Z}, the header
 * {@code cve,epss,percentile}, then one row per CVE.
 * <p>
 * A bad row (wrong column count, invalid CVE id, a score that is not a number in [0, 1], a
 * duplicate CVE) is skipped and counted; when more than the allowed share of rows is bad, or the
 * file itself is wrong (not gzip, truncated, too large unzipped, no comment line, wrong header),
 * the whole file is refused with a {@link FeedException} that names the line.
 */
final class EpssFileReader {

	private static final Logger log = LoggerFactory.getLogger(EpssFileReader.class);

	private static final Pattern COMMENT = Pattern.compile("#model_version:([^,\\s]+),score_date:(\\S+)");

	/** Both forms the feed has used: {@code 2025-09-06T12:55:00Z} and {@code 2022-01-01T00:00:00+0000}. */
	private static final DateTimeFormatter SCORE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[XXX][XX]");

	private static final List<String> HEADER = List.of("cve", "epss", "percentile");

	private static final int SAMPLES = 20;

	private final long maxUncompressedBytes;

	private final double maxBadRowsPercent;

	EpssFileReader(long maxUncompressedBytes, double maxBadRowsPercent) {
		this.maxUncompressedBytes = maxUncompressedBytes;
		this.maxBadRowsPercent = maxBadRowsPercent;
	}

	/**
	 * Reads the file.
	 * @param file the downloaded file
	 * @param source where it came from, for messages
	 */
	EpssFile read(Path file, String source) {
		try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
				BufferedReader reader = new BufferedReader(
						new InputStreamReader(open(raw, source), StandardCharsets.UTF_8), 1 << 16)) {
			return read(reader, source);
		}
		catch (UncheckedIOException ex) {
			// The CSV record iterator wraps what the stream under it throws: a file cut off past the
			// first rows breaks there.
			throw unreadable(ex.getCause(), source);
		}
		catch (IOException ex) {
			throw unreadable(ex, source);
		}
	}

	private static FeedException unreadable(IOException ex, String source) {
		if (ex instanceof EOFException || ex instanceof ZipException) {
			return new FeedException("The EPSS file from " + source + " is cut short or corrupt (" + ex.getMessage()
					+ "): the download was probably truncated. The last good snapshot stays; run the job again.", ex);
		}
		return new FeedException("Could not read the EPSS file from " + source + ": " + ex.getMessage(), ex);
	}

	private InputStream open(InputStream raw, String source) throws IOException {
		raw.mark(64);
		byte[] start = raw.readNBytes(64);
		raw.reset();
		if (start.length == 0) {
			throw new FeedException("The EPSS file from " + source + " is empty. The last good snapshot stays.");
		}
		if (start.length >= 2 && (start[0] & 0xff) == 0x1f && (start[1] & 0xff) == 0x8b) {
			return new LimitedInputStream(new GZIPInputStream(raw, 1 << 16), this.maxUncompressedBytes, source);
		}
		String text = new String(start, StandardCharsets.UTF_8);
		if (text.startsWith("#model_version") || text.startsWith("cve,")) {
			return new LimitedInputStream(raw, this.maxUncompressedBytes, source);
		}
		throw new FeedException("The EPSS file from " + source + " is neither gzip nor the EPSS CSV; it starts with '"
				+ printable(text) + "' (an error page?). Check assay.feeds.epss.url.");
	}

	private EpssFile read(BufferedReader reader, String source) throws IOException {
		String comment = reader.readLine();
		if (comment == null || comment.isBlank()) {
			throw new FeedException("The EPSS file from " + source + " has no content after unzipping.");
		}
		Matcher matcher = COMMENT.matcher(comment.strip());
		if (!matcher.matches()) {
			throw new FeedException("Line 1 of the EPSS file from " + source
					+ " should be the comment '#model_version:...,score_date:...' but is '" + printable(comment)
					+ "'. Is this the EPSS scores file?");
		}
		String modelVersion = matcher.group(1);
		OffsetDateTime scoredAt = parseScoreDate(matcher.group(2), source);

		CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get();
		try (CSVParser parser = CSVParser.parse(reader, format)) {
			Iterator<CSVRecord> records = parser.iterator();
			if (!records.hasNext()) {
				throw new FeedException("The EPSS file from " + source + " ends after its comment line: no header, no rows.");
			}
			List<String> header = records.next().toList();
			if (!header.equals(HEADER)) {
				throw new FeedException("Line 2 of the EPSS file from " + source + " should be the header 'cve,epss,percentile'"
						+ " but is '" + printable(String.join(",", header)) + "'.");
			}
			return readRows(records, modelVersion, scoredAt, source);
		}
	}

	private EpssFile readRows(Iterator<CSVRecord> records, String modelVersion, OffsetDateTime scoredAt,
			String source) {
		int capacity = 1 << 18;
		String[] cves = new String[capacity];
		double[] epss = new double[capacity];
		double[] percentiles = new double[capacity];
		int[] lines = new int[capacity];
		BadRowLog bad = new BadRowLog(SAMPLES);
		int size = 0;
		ProgressLog progress = new ProgressLog(log, "EPSS rows read");
		while (records.hasNext()) {
			CSVRecord record = records.next();
			// The comment line is line 1 and the header record 1, so record n is on line n + 1.
			int line = Math.toIntExact(record.getRecordNumber() + 1);
			if (record.size() != 3) {
				bad.add(line, "expected 3 columns (cve,epss,percentile) but got " + record.size() + ": '"
						+ printable(String.join(",", record.toList())) + "'");
				continue;
			}
			String cve = record.get(0);
			if (!EpssValues.isCveId(cve)) {
				bad.add(line, "invalid CVE id '" + printable(cve) + "'");
				continue;
			}
			double score = EpssValues.probability(record.get(1));
			if (Double.isNaN(score)) {
				bad.add(line, notAProbability("epss", record.get(1)));
				continue;
			}
			double percentile = EpssValues.probability(record.get(2));
			if (Double.isNaN(percentile)) {
				bad.add(line, notAProbability("percentile", record.get(2)));
				continue;
			}
			if (size == cves.length) {
				capacity = size * 2;
				cves = Arrays.copyOf(cves, capacity);
				epss = Arrays.copyOf(epss, capacity);
				percentiles = Arrays.copyOf(percentiles, capacity);
				lines = Arrays.copyOf(lines, capacity);
			}
			cves[size] = cve;
			epss[size] = score;
			percentiles[size] = percentile;
			lines[size] = line;
			size++;
			progress.advance(1);
		}
		// Duplicates show up side by side once the rows are sorted, which is cheaper than a map of
		// every CVE seen so far.
		EpssRows rows = EpssRows.sorted(cves, epss, percentiles, lines, size,
				(cve, line, firstLine) -> bad.add(line, "duplicate " + cve + " (first on line " + firstLine + ")"));
		int total = rows.size() + bad.count();
		List<String> samples = bad.samples();
		if (rows.size() == 0) {
			throw new FeedException("The EPSS file from " + source + " has no valid rows (" + bad.count() + " bad)"
					+ (samples.isEmpty() ? "." : "; first: " + samples.get(0)));
		}
		if (bad.count() * 100.0 / total > this.maxBadRowsPercent) {
			throw new FeedException(String.format(
					"The EPSS file from %s has %d bad rows of %d (more than %s%%); refusing it. The last good snapshot"
							+ " stays. First bad rows: %s",
					source, bad.count(), total, this.maxBadRowsPercent, String.join("; ", samples)));
		}
		return new EpssFile(modelVersion, scoredAt, rows, bad.count(), samples);
	}

	private static String notAProbability(String column, String text) {
		return column + " '" + printable(text) + "' is not a number from 0 to 1";
	}

	private static OffsetDateTime parseScoreDate(String text, String source) {
		try {
			return OffsetDateTime.parse(text, SCORE_DATE);
		}
		catch (DateTimeParseException ex) {
			throw new FeedException("Line 1 of the EPSS file from " + source + " has a score_date '" + printable(text)
					+ "' that is not a timestamp like 2025-09-06T12:55:00Z.");
		}
	}

	/** At most 40 characters of text, with control characters shown as '?', safe for a message. */
	private static String printable(String text) {
		String cut = (text.length() > 40) ? text.substring(0, 40) + "..." : text;
		return cut.replaceAll("[\\p{Cntrl}]", "?");
	}

	/** Refuses to read past a limit: a small gzip file can unzip to gigabytes. */
	private static final class LimitedInputStream extends FilterInputStream {

		private final long limit;

		private final String source;

		private long count;

		LimitedInputStream(InputStream in, long limit, String source) {
			super(in);
			this.limit = limit;
			this.source = source;
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b != -1) {
				counted(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			if (n > 0) {
				counted(n);
			}
			return n;
		}

		private void counted(int n) {
			this.count += n;
			if (this.count > this.limit) {
				throw new FeedException("The EPSS file from " + this.source + " unzips to more than " + this.limit
						+ " bytes (a gzip bomb, or a much larger feed); refusing it. Raise"
						+ " assay.feeds.epss.max-uncompressed-size if the feed really grew.");
			}
		}

	}

}
