package dev.assay.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

	/**
	 * Writes {@code rows} rows, gzip-compressed, with the comment line of {@code scoreDate}
	 * (e.g. {@code 2025-09-06}).
	 */
	public static Path write(Path file, int rows, long seed, String scoreDate) {
		return write(file, rows, seed, "#model_version:" + MODEL + ",score_date:" + scoreDate + "T12:55:00Z", "\n");
	}

	/** Writes a file with the given comment line and line ending; rows as {@link #write(Path, int, long, String)}. */
	public static Path write(Path file, int rows, long seed, String commentLine, String lineEnd) {
		try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(
				new GZIPOutputStream(Files.newOutputStream(file), 1 << 16), StandardCharsets.US_ASCII), 1 << 16)) {
			if (commentLine != null) {
				out.write(commentLine);
				out.write(lineEnd);
			}
			out.write("cve,epss,percentile");
			out.write(lineEnd);
			for (int i = 0; i < rows; i++) {
				out.write(cve(i));
				out.write(String.format(Locale.ROOT, ",%.5f,%.5f", epss(i, seed), percentile(i, seed)));
				out.write(lineEnd);
			}
			return file;
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

}
