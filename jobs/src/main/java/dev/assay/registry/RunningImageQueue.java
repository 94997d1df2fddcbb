package dev.assay.registry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.assay.runtime.RunningImages;
import dev.assay.scans.ImageReference;

import org.springframework.stereotype.Component;

/**
 * The running images never scanned, as the runtime view queues them
 * ({@link RunningImages#unscannedDigestReferences()}), made ready for {@link ImageRescan}: each with
 * its failed scans so far (for the back-off), and with the configured registry whose host it names,
 * whose credentials and TLS settings its scan then gets; an image on any other host is scanned
 * anonymously. An image a registry served in this run is left out: the registry's own scan covers
 * it, under the registry's scan history. The failures of images no longer queued (scanned since,
 * stopped, or served by a registry) are forgotten.
 */
@Component
class RunningImageQueue {

	private final RunningImages runningImages;

	private final RunningImageScanStore store;

	RunningImageQueue(RunningImages runningImages, RunningImageScanStore store) {
		this.runningImages = runningImages;
		this.store = store;
	}

	/**
	 * @param registries the configured registries
	 * @param registryImages the images the registries served in this run
	 */
	Queue load(List<RegistrySettings> registries, List<TrackedImage> registryImages) {
		Set<ImageReference> served = new HashSet<>();
		registryImages.forEach(image -> served.add(image.reference()));
		Map<ImageReference, RunningImageScanStore.Failures> failures = this.store.failures();
		List<TrackedImage> images = new ArrayList<>();
		List<String> skipped = new ArrayList<>();
		for (String queued : this.runningImages.unscannedDigestReferences()) {
			ImageReference reference;
			try {
				reference = ImageReference.parse(queued);
			}
			catch (IllegalArgumentException ex) {
				skipped.add(ex.getMessage());
				continue;
			}
			if (served.contains(reference)) {
				continue;
			}
			RunningImageScanStore.Failures failed = failures.get(reference);
			images.add(new TrackedImage(registryOf(reference, registries), reference.registry(), reference.repository(),
					reference.digest(), List.of(), null, (failed != null) ? failed.count() : 0,
					(failed != null) ? failed.last() : null));
		}
		Set<ImageReference> gone = new HashSet<>(failures.keySet());
		images.forEach(image -> gone.remove(image.reference()));
		this.store.forget(gone);
		return new Queue(images, skipped);
	}

	/** The name of the first configured registry on the reference's host, or {@code null}. */
	private static String registryOf(ImageReference reference, List<RegistrySettings> registries) {
		String host = reference.registry().toLowerCase();
		return registries.stream()
			.filter(registry -> registry.host().equals(host))
			.map(RegistrySettings::name)
			.findFirst()
			.orElse(null);
	}

	/**
	 * @param images the queued images to consider
	 * @param skipped the queued references that are no valid image reference, each with why
	 */
	record Queue(List<TrackedImage> images, List<String> skipped) {
	}

}
