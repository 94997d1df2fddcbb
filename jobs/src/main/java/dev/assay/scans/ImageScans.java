package dev.assay.scans;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import dev.assay.scans.ImageIdentity.DigestKind;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * For packages that run a scanner themselves (registry-rescan): imports one report about an image
 * they name, through the same reader and {@link ScanStore} as {@code scan-import}, and records a
 * scan that failed. The image is the one named, whatever the report calls it: the scanner was
 * given that reference. Each call is its own transaction; thread-safe, and calls are taken one at
 * a time, as {@link ScanStore} writes one import at a time (concurrent writes of shared tags would
 * deadlock).
 */
@Component
public class ImageScans {

	private static final String RECORD_FAILURE = """
			INSERT INTO image (registry, repository, digest, digest_kind, first_seen, scan_status, unknown_reason,
				changed_at)
			VALUES (?, ?, ?, 'REPOSITORY', ?, 'FAILED', ?, ?)
			ON DUPLICATE KEY UPDATE
				changed_at = IF(scan_status = 'FAILED' AND unknown_reason <=> VALUES(unknown_reason), changed_at,
					VALUES(changed_at)),
				scan_status = 'FAILED', unknown_reason = VALUES(unknown_reason)""";

	/** Attempts of one import that loses deadlocks to writers in other processes. */
	private static final int DEADLOCK_ATTEMPTS = 3;

	private final ScanStore store;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	ImageScans(ScanStore store, JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
		this.store = store;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * Imports the report a scanner wrote about one image, as its newest scan.
	 * @param image the scanned image: registry, repository and digest
	 * @param tags the tags that point at it now
	 * @param report the file holding the scanner's output
	 * @param source what the scan is recorded as coming from, e.g. the reference given to the scanner
	 * @return how many findings the image now has
	 * @throws ReportException where the file is not a report assay can read or store
	 */
	public synchronized int importReport(ImageReference image, List<String> tags, Path report, String source) {
		Assert.isTrue(image.digest() != null, "An image imported from a scanner run is named by its digest");
		ScanReport read = ScanReports.read(report);
		ImageIdentity named = new ImageIdentity(source, image.registry(), image.repository(), tags, image.digest(),
				DigestKind.REPOSITORY, read.image().os());
		ScanReport scan = new ScanReport(read.format(), read.scanner(), read.scannerVersion(), read.databaseBuilt(),
				read.scannedAt(), named, read.findings(), read.notAffected());
		ImageKey key = new ImageKey(image.registry(), image.repository(), image.digest());
		// The source is stored where scan-import stores the file name.
		Path sourceName = Path.of(source);
		ColumnLimits.check(report, source, scan, key);
		ImportedReport imported = new ImportedReport(sourceName, ReportFileProcessor.sha256(report), scan, key);
		for (int attempt = 1;; attempt++) {
			try {
				return this.transactions.execute(status -> this.store.write(List.of(imported), List.of())).findings();
			}
			catch (PessimisticLockingFailureException ex) {
				// The shards of one rescan run in other processes and write beside this one; InnoDB
				// may pick this transaction as a deadlock's loser. It rolled back whole: try again.
				if (attempt == DEADLOCK_ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Records that an image could not be scanned: it stays without a complete scan, UNKNOWN with
	 * this reason, until a scan succeeds. Creates the image if it is new.
	 * @param reason why, without secrets, at most 1024 characters are kept
	 */
	public synchronized void recordFailure(ImageReference image, String reason) {
		Assert.isTrue(image.digest() != null, "An image scanned from a registry is named by its digest");
		LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
		String kept = (reason.length() <= 1024) ? reason : reason.substring(0, 1021) + "...";
		this.jdbc.update(RECORD_FAILURE, image.registry(), image.repository(), image.digest(), now, kept, now);
	}

}
