package dev.assay.scans;

import java.nio.file.Path;

/**
 * The key of an image row: registry, repository and digest, each {@code ''} (never {@code null})
 * where the report does not give it. A report without a digest is keyed by what it does give: its
 * repository, or where it names no image reference, the name it gives the image (a file path, an
 * application name); its registry is then blank.
 */
record ImageKey(String registry, String repository, String digest) {

	/**
	 * The key of the image a report is about.
	 * @throws ReportException where the report gives no name, reference or digest at all
	 */
	static ImageKey of(Path file, ImageIdentity image) {
		String repository = (image.repository() != null) ? image.repository()
				: (image.name() != null) ? image.name() : "";
		String digest = (image.digest() != null) ? image.digest() : "";
		if (repository.isEmpty() && digest.isEmpty()) {
			throw new ReportException(file + " names no image: it gives no image name, reference or digest (in"
					+ " CycloneDX, metadata.component), so its findings belong to no image. Import the report of"
					+ " a scanned image, or name the image in the document.");
		}
		return new ImageKey(image.registry(), repository, digest);
	}

	/** The image as people write it: {@code registry/repository@digest}, without the parts it lacks. */
	@Override
	public String toString() {
		return (this.registry.isEmpty() ? "" : this.registry + "/") + this.repository
				+ (this.digest.isEmpty() ? "" : "@" + this.digest);
	}

}
