package dev.assay.scans;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Reads one report file for import: hashes it, passes over files whose bytes were imported before
 * (or met earlier in this run) by returning {@code null}, reads the report and checks that it can
 * be stored. A file that cannot be imported is handed to the {@link ImportSummary} and its
 * {@link ReportException} thrown on, for the step to skip. Thread-safe.
 */
class ReportFileProcessor implements ItemProcessor<Path, ImportedReport> {

	/**
	 * How far a report's time may be ahead of this machine's clock. A report from the future would
	 * stay its image's newest scan until then, hiding every real scan after it.
	 */
	private static final Duration CLOCK_SKEW = Duration.ofHours(1);

	private final ScanStore store;

	private final ImportSummary summary;

	private final Set<String> seen = ConcurrentHashMap.newKeySet();

	ReportFileProcessor(ScanStore store, ImportSummary summary) {
		this.store = store;
		this.summary = summary;
	}

	@Override
	public ImportedReport process(Path file) {
		String sha256 = null;
		try {
			sha256 = sha256(file);
			if (!this.seen.add(sha256) || this.store.isImported(sha256)) {
				return null;
			}
			ScanReport report = read(file);
			checkTime(file, report.scannedAt());
			ImageKey image = ImageKey.of(file, report.image());
			ColumnLimits.check(file, file.toString(), report, image);
			return new ImportedReport(file, sha256, report, image);
		}
		catch (ReportException ex) {
			this.summary.refused(new RefusedFile(file, sha256, ex.getMessage()));
			throw ex;
		}
	}

	/** A fault of the parser on one odd file is that file's refusal; the others are still imported. */
	private static ScanReport read(Path file) {
		try {
			return ScanReports.read(file);
		}
		catch (ReportException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new ReportException(file + " could not be read: " + ex + ". This is a fault in assay; please report"
					+ " it with the file.", ex);
		}
	}

	private static void checkTime(Path file, Instant scannedAt) {
		Instant now = Instant.now();
		if (scannedAt != null && scannedAt.isAfter(now.plus(CLOCK_SKEW))) {
			throw new ReportException(file + " says it was scanned at " + scannedAt + ", more than an hour ahead of"
					+ " this machine's clock (" + now + "); it would hide every later scan of the image until then."
					+ " Check the clock of the machine that ran the scanner, and scan again.");
		}
	}

	/** The SHA-256 of a file's bytes, in lower-case hex. */
	static String sha256(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] buffer = new byte[1 << 16];
			for (int read; (read = in.read(buffer)) > 0;) {
				digest.update(buffer, 0, read);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
		catch (AccessDeniedException ex) {
			throw new ReportException(file + " cannot be read: permission denied. Let the user assay runs as read it.",
					ex);
		}
		catch (NoSuchFileException ex) {
			throw new ReportException(file + " was removed before it could be read.", ex);
		}
		catch (IOException ex) {
			throw new ReportException(file + " cannot be read: " + ex.getMessage() + ". Check the file and the disk"
					+ " it is on.", ex);
		}
	}

}
