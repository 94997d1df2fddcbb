package dev.assay.registry;

import java.time.LocalDateTime;
import java.util.List;

import dev.assay.scans.ImageReference;

/**
 * An image of a registry, or a queued running image, with what assay knows of its scans.
 *
 * @param registry the configured registry's name; for a queued running image the registry on its
 * host, or {@code null} where none is configured (it is then scanned anonymously)
 * @param host its {@code host:port}, the image's registry; empty for a running image that names
 * none (Docker Hub)
 * @param repository the repository
 * @param digest the manifest or index digest
 * @param tags the tags pointing at it at the last discovery
 * @param lastScanned when assay last scanned it successfully, {@code null} if never
 * @param failures failed scans since the last successful one
 * @param lastFailed when the last of those failed, {@code null} if none did
 */
record TrackedImage(String registry, String host, String repository, String digest, List<String> tags,
		LocalDateTime lastScanned, int failures, LocalDateTime lastFailed) {

	/** What the scanner is given: {@code host:port/repository@digest} ({@code repository@digest} without a host). */
	ImageReference reference() {
		return new ImageReference(this.host, this.repository, null, this.digest);
	}

}
