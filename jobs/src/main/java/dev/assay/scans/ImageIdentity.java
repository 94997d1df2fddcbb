package dev.assay.scans;

import java.util.List;

/**
 * The scanned image as its report identifies it. Every part is what the report says; nothing is
 * looked up or invented, so a part the report does not give is blank.
 *
 * @param name what the report calls the image: Grype's {@code userInput}, Trivy's
 * {@code ArtifactName}, the CycloneDX {@code metadata.component} name; {@code null} where it gives
 * none
 * @param registry the registry host; empty (never {@code null}) where the report does not say
 * @param repository the repository, or {@code null} where the report gives no image reference
 * @param tags the tags the report lists for that repository, never {@code null}
 * @param digest the repository digest where the report gives one, else the manifest digest, else
 * the image config id; {@code null} where it gives none of them
 * @param digestKind which of those {@link #digest()} is, {@code null} with it
 * @param os the operating system as the report names it (e.g. {@code debian 10}), or {@code null}
 */
public record ImageIdentity(String name, String registry, String repository, List<String> tags, String digest,
		DigestKind digestKind, String os) {

	public ImageIdentity {
		registry = (registry != null) ? registry : "";
		tags = List.copyOf(tags);
	}

	/** Where an image's digest came from. */
	public enum DigestKind {

		/** A repository digest ({@code repo@sha256:...}): the manifest as the registry serves it. */
		REPOSITORY,

		/** The manifest digest the scanner computed (Grype's {@code manifestDigest}). */
		MANIFEST,

		/**
		 * Only the image config id ({@code ImageID}): stable for one build, but not what a registry
		 * or a running pod reports, so it cannot be matched to them.
		 */
		CONFIG_ID

	}

	/** Whether the digest is only an image config id (see {@link DigestKind#CONFIG_ID}). */
	public boolean configIdOnly() {
		return this.digestKind == DigestKind.CONFIG_ID;
	}

}
