package dev.assay.scans;

import java.nio.file.Path;

/**
 * A report file that {@code scan-import} could not import.
 *
 * @param file the file
 * @param sha256 the hash of its bytes, {@code null} where it could not be read
 * @param reason why, naming the file
 */
record RefusedFile(Path file, String sha256, String reason) {
}
