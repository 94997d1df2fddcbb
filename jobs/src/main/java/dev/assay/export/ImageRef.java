package dev.assay.export;

/**
 * How a report names an image: {@code registry/repository:tag@digest}, each part left out where the
 * image has none (the blank registry of Docker Hub images, no tag, no digest). A scanner takes the
 * reference back as input; {@link #key} stays the same when tags move.
 */
record ImageRef(String registry, String repository, String tag, String digest) {

	String reference() {
		String name = name();
		String tagged = (this.tag != null && !this.tag.isEmpty()) ? name + ":" + this.tag : name;
		return this.digest.isEmpty() ? tagged : tagged + "@" + this.digest;
	}

	/** The image's identity: by digest where it has one, else by the name and tag it was reported under. */
	String key() {
		if (!this.digest.isEmpty()) {
			return name() + "@" + this.digest;
		}
		return reference();
	}

	private String name() {
		return this.registry.isEmpty() ? this.repository : this.registry + "/" + this.repository;
	}

}
