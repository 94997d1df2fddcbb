package dev.assay.feeds.epss;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.concurrent.ExecutionException;
import java.util.zip.ZipException;

import dev.assay.feeds.FeedException;
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

	static final List<String> HEADER = List.of("cve", "epss", "percentile");

	private static final int SAMPLES = 20;

	private final long maxUncompressedBytes;

	private final double maxBadRowsPercent;

	EpssFileReader(long maxUncompressedBytes, double maxBadRowsPercent) {
		this.maxUncompressedBytes = maxUncompressedBytes;
		this.maxBadRowsPercent = maxBadRowsPercent;
	}

	/**
	 * Reads the file: unzips it whole into memory (its size is capped), then reads and sorts its
	 * rows in consecutive parts on one thread per processor, commons-csv and the sort being most of
	 * the time a load takes besides the server's own work, and merges the sorted parts.
	 * @param file the downloaded file
	 * @param source where it came from, for messages
	 */
	EpssFile read(Path file, String source) {
		byte[] text;
		try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
				InputStream unzipped = open(raw, source)) {
			text = unzipped.readAllBytes();
		}
		catch (IOException ex) {
			throw unreadable(ex, source);
		}
		try {
			return read(text, source);
		}
		catch (UncheckedIOException ex) {
			// commons-csv wraps what it cannot read, such as a quote never closed.
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

	private EpssFile read(byte[] text, String source) throws IOException {
		int lineEnd = 0;
		while (lineEnd < text.length && text[lineEnd] != '\n') {
			lineEnd++;
		}
		String comment = new String(text, 0, lineEnd, StandardCharsets.UTF_8);
		if (comment.isBlank()) {
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
		List<EpssTextPart> parts = readParts(text, Math.min(lineEnd + 1, text.length), source);
		BadRowLog bad = new BadRowLog(SAMPLES);
		EpssRows rows = EpssTextPart.join(parts, bad);
		log.info("EPSS rows read: {} valid, {} bad", rows.size(), bad.count());
		return checked(rows, bad, modelVersion, scoredAt, source);
	}

	/** The first part, with the header, on this thread; the others each on a thread of its own. */
	private static List<EpssTextPart> readParts(byte[] text, int body, String source) throws IOException {
		int[] starts = EpssTextPart.cut(text, body, Runtime.getRuntime().availableProcessors());
		List<Background<EpssTextPart>> others = new ArrayList<>();
		try {
			for (int i = 1; i < starts.length - 1; i++) {
				int from = starts[i];
				int to = starts[i + 1];
				others.add(Background.start("epss-read-" + (i + 1),
						() -> EpssTextPart.read(text, from, to, false, SAMPLES, source)));
			}
			List<EpssTextPart> parts = new ArrayList<>(starts.length - 1);
			parts.add(EpssTextPart.read(text, starts[0], starts[1], true, SAMPLES, source));
			for (Background<EpssTextPart> other : others) {
				parts.add(other.get());
			}
			return parts;
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof IOException failure) {
				throw failure;
			}
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException("Could not read the EPSS rows: " + ex.getCause(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new FeedException("Interrupted while reading the EPSS file from " + source + ".", ex);
		}
		finally {
			for (Background<EpssTextPart> other : others) {
				try {
					other.close();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}
	}

	private EpssFile checked(EpssRows rows, BadRowLog bad, String modelVersion, OffsetDateTime scoredAt,
			String source) {
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
	static String printable(String text) {
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
