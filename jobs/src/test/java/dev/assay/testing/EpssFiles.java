package dev.assay.testing;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes EPSS files in the exact format of the daily feed
 * ({@code epss_scores-current.csv.gz}): a comment line with model version and score date, the
 * header {@code cve,epss,percentile}, then one row per CVE with five-decimal scores. No real file
 * could be brought here, so tests and the benchmark generate full-size ones.
 */
public final class EpssFiles {

	public static final String MODEL = "v2025.03.14";

	public static final String HEADER = "cve,epss,percentile";

	private EpssFiles() {
	}

	/** The CVE id of row {@code i}: ids spread over the years 1999-2025 as in the feed. */
	public static String cve(int i) {
		int year = 1999 + (i % 27);
		return "CVE-" + year + "-" + (1000 + i / 27);
	}

	/** The EPSS score of row {@code i} for a given seed; different seeds give different scores. */
	public static double epss(int i, long seed) {
		return new SplittableRandom(seed * 1_000_003L + i).nextInt(1, 100_000) / 100_000.0;
	}

	public static double percentile(int i, long seed) {
		return new SplittableRandom(seed * 7_000_003L + i).nextInt(0, 100_001) / 100_000.0;
	}

	/** The comment line of a file with the scores of {@code scoreDate} (e.g. {@code 2025-09-06}). */
	public static String comment(String scoreDate) {
		return "#model_version:" + MODEL + ",score_date:" + scoreDate + "T12:55:00Z";
	}

	/** Row {@code i} of a file written with {@code seed}, as the feed writes it: {@code cve,epss,percentile}. */
	public static String row(int i, long seed) {
		return row(cve(i), epss(i, seed), percentile(i, seed));
	}

	/** A row as the feed writes it, with five-decimal scores. */
	public static String row(String cve, double epss, double percentile) {
		return cve + String.format(Locale.ROOT, ",%.5f,%.5f", epss, percentile);
	}

	/**
	 * The lines of the file {@link #write(Path, int, long, String)} writes, for editing before
	 * {@link #writeLines}: line number {@code n} of the file is element {@code n - 1}, so row
	 * {@code i} is on line {@code i + 3}.
	 */
	public static List<String> lines(int rows, long seed, String scoreDate) {
		List<String> lines = new ArrayList<>(rows + 2);
		lines.add(comment(scoreDate));
		lines.add(HEADER);
		for (int i = 0; i < rows; i++) {
			lines.add(row(i, seed));
		}
		return lines;
	}

	/**
	 * Writes {@code rows} rows, gzip-compressed, with the comment line of {@code scoreDate}
	 * (e.g. {@code 2025-09-06}).
	 */
	public static Path write(Path file, int rows, long seed, String scoreDate) {
		return write(file, rows, seed, comment(scoreDate), "\n");
	}

	/** Writes a file with the given comment line and line ending; rows as {@link #write(Path, int, long, String)}. */
	public static Path write(Path file, int rows, long seed, String commentLine, String lineEnd) {
		try (Writer out = gzipWriter(Files.newOutputStream(file), false)) {
			if (commentLine != null) {
				out.write(commentLine);
				out.write(lineEnd);
			}
			out.write(HEADER);
			out.write(lineEnd);
			for (int i = 0; i < rows; i++) {
				out.write(row(i, seed));
				out.write(lineEnd);
			}
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Writes the given lines, gzip-compressed, each ended by {@code \n}. */
	public static Path writeLines(Path file, List<String> lines) {
		try (Writer out = gzipWriter(Files.newOutputStream(file), false)) {
			for (String line : lines) {
				out.write(line);
				out.write('\n');
			}
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Writes the start of the file {@link #write(Path, int, long, String)} writes, as a download
	 * broken off after row {@code rows} would leave it: every byte up to the end of that row
	 * decompresses, then the gzip stream stops without its end.
	 */
	public static Path writeCutOff(Path file, int rows, long seed, String scoreDate) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (Writer out = gzipWriter(bytes, true)) {
			for (String line : lines(rows, seed, scoreDate)) {
				out.write(line);
				out.write('\n');
			}
			// A sync flush ends the deflate block, so the rows so far inflate without the rest.
			out.flush();
			return Files.write(file, bytes.toByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Gzip-compresses the given text, for hand-made bad files. */
	public static Path writeText(Path file, String text) {
		try (var out = new GZIPOutputStream(Files.newOutputStream(file))) {
			out.write(text.getBytes(StandardCharsets.UTF_8));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Writer gzipWriter(OutputStream out, boolean syncFlush) throws IOException {
		return new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(out, 1 << 16, syncFlush),
				StandardCharsets.US_ASCII), 1 << 16);
	}

}
