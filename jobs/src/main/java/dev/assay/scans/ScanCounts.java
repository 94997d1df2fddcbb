package dev.assay.scans;

import java.time.Instant;

/**
 * How many images, findings and report files the scans tables hold.
 *
 * @param images images known
 * @param scanned images with a complete scan
 * @param findings current findings of all images
 * @param filesImported report files imported
 * @param filesFailed report files that could not be imported the last time they were tried
 * @param lastImport when a scan was last imported, {@code null} before the first
 */
record ScanCounts(long images, long scanned, long findings, long filesImported, long filesFailed,
		Instant lastImport) {
}
