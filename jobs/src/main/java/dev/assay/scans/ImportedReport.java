package dev.assay.scans;

import java.nio.file.Path;

/**
 * One report file read for import.
 *
 * @param file the file it was read from, absolute
 * @param sha256 the hash of its bytes, which {@code scan_file} remembers it by
 * @param report what it says
 * @param image the key of the image it is about
 */
record ImportedReport(Path file, String sha256, ScanReport report, ImageKey image) {
}
