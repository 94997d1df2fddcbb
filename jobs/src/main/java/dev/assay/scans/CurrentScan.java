package dev.assay.scans;

import java.time.LocalDateTime;

/**
 * A report that became its image's current scan in the chunk being written.
 *
 * @param imageId the image row
 * @param image the image's key
 * @param scanId the scan row of the report
 * @param scannedAt when the scan was taken, in UTC: the report's time, else the time of the import
 * @param digestKind the image's digest kind after this scan, {@code null} for an image without digest
 * @param report what the report says
 */
record CurrentScan(long imageId, ImageKey image, long scanId, LocalDateTime scannedAt, String digestKind,
		ScanReport report) {
}
