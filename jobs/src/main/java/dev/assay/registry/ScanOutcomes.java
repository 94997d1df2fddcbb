package dev.assay.registry;

import java.time.LocalDateTime;

/**
 * Where the outcome of each scan is kept, so that the next run's {@link RescanPolicy} knows when an
 * image was scanned or how often in a row it failed: {@link RegistryStore} for the images of
 * configured registries, {@link RunningImageScanStore} for queued running images.
 */
interface ScanOutcomes {

	void scanned(TrackedImage image, LocalDateTime now);

	void failed(TrackedImage image, LocalDateTime now, String reason);

}
