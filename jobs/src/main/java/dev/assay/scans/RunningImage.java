package dev.assay.scans;

import dev.assay.scans.ImageIdentity.DigestKind;

/**
 * An image that runs somewhere, as a cluster reports it, for {@link RunningImageCatalog}.
 *
 * @param registry the registry host, {@code ''} where the reference names none
 * @param repository the repository; {@code ''} only where the cluster gave no name at all
 * @param digest the repository digest, or the config id, or {@code ''} where the cluster gave
 * neither
 * @param digestKind {@link DigestKind#REPOSITORY} or {@link DigestKind#CONFIG_ID}; {@code null}
 * without a digest
 */
public record RunningImage(String registry, String repository, String digest, DigestKind digestKind) {

	public RunningImage {
		registry = (registry != null) ? registry : "";
		repository = (repository != null) ? repository : "";
		digest = (digest != null) ? digest : "";
		if (digest.isEmpty() != (digestKind == null)) {
			throw new IllegalArgumentException("a digest and its kind go together: " + digest + " " + digestKind);
		}
	}

	/** Registry and repository as Docker resolves them: Docker Hub's names without host or {@code library/}. */
	String dockerName() {
		return DockerNames.normalize(this.registry, this.repository);
	}

	@Override
	public String toString() {
		return (this.registry.isEmpty() ? "" : this.registry + "/") + this.repository
				+ (this.digest.isEmpty() ? "" : "@" + this.digest);
	}

}
