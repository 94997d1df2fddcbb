package dev.assay.registry;

import java.time.LocalDateTime;
import java.util.List;

import dev.assay.scans.ImageReference;

/**
 * An image of a registry with what assay knows of its scans.
 *
 * @param registry the configured registry's name
 * @param host its {@code host:port}, the image's registry
 * @param repository the repository
 * @param digest the manifest or index digest
 * @param tags the tags pointing at it at the last discovery
 * @param lastScanned when assay last scanned it successfully, {@code null} if never
 * @param failures failed scans since the last successful one
 * @param lastFailed when the last of those failed, {@code null} if none did
 */
record TrackedImage(String registry, String host, String repository, String digest, List<String> tags,
		LocalDateTime lastScanned, int failures, LocalDateTime lastFailed) {

	/** What the scanner is given: {@code host:port/repository@digest}. */
	ImageReference reference() {
		return new ImageReference(this.host, this.repository, null, this.digest);
	}

}
