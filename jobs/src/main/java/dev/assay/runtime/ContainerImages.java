package dev.assay.runtime;

import java.util.regex.Pattern;

import dev.assay.scans.ImageIdentity.DigestKind;
import dev.assay.scans.ImageReference;
import dev.assay.scans.RunningImage;

/**
 * The image of a container from its status: the name from {@code .image}, the digest from
 * {@code .imageID}. Forms of {@code .imageID}:
 * <ul>
 * <li>{@code repo@sha256:...}, {@code docker-pullable://repo@sha256:...} (Docker): the repository
 * digest, the digest is known;
 * <li>{@code sha256:...}, {@code docker://sha256:...}: the image's config id, not a digest that a
 * registry or a scan report names; kept as a config id, and the digest is unknown;
 * <li>empty or missing: nothing is known but the name.
 * </ul>
 * Where {@code .image} is itself a bare id (containerd reports so for some images) or no reference
 * at all, the name comes from the repository digest, if there is one. Nothing is guessed.
 */
final class ContainerImages {

	private static final Pattern BARE_ID = Pattern.compile("sha256:[0-9a-f]{64}");

	/** The width of {@code image.repository}. */
	private static final int MAX_REPOSITORY = 255;

	private ContainerImages() {
	}

	/** The container's image; {@code digestKnown} goes with it through {@link #hasDigest}. */
	static RunningImage of(String image, String imageId) {
		String id = stripScheme((imageId != null) ? imageId.trim() : "");
		String ref = (image != null) ? image.trim() : "";
		ImageReference fromId = null;
		String configId = null;
		if (id.contains("@")) {
			fromId = parse(id);
		}
		else if (isBareId(id)) {
			configId = id;
		}
		ImageReference named = isBareId(ref) ? null : parse(ref);
		if (named == null) {
			named = fromId;
		}
		if (configId == null && fromId == null && isBareId(ref)) {
			configId = ref;
		}
		String registry = (named != null) ? named.registry() : "";
		String repository = (named != null) ? named.repository() : (isBareId(ref) ? "" : cut(ref));
		if (fromId != null && fromId.digest() != null) {
			return new RunningImage(registry, repository, fromId.digest(), DigestKind.REPOSITORY);
		}
		if (configId != null) {
			return new RunningImage(registry, repository, configId, DigestKind.CONFIG_ID);
		}
		return new RunningImage(registry, repository, "", null);
	}

	/** Whether the image's digest is a repository digest, as a scanner or registry knows it. */
	static boolean hasDigest(RunningImage image) {
		return image.digestKind() == DigestKind.REPOSITORY;
	}

	private static String stripScheme(String id) {
		int scheme = id.indexOf("://");
		return (scheme >= 0) ? id.substring(scheme + 3) : id;
	}

	private static boolean isBareId(String value) {
		return BARE_ID.matcher(value).matches();
	}

	/** A name that is no image reference is kept as written, as far as the column holds it. */
	private static String cut(String ref) {
		return (ref.length() <= MAX_REPOSITORY) ? ref : ref.substring(0, MAX_REPOSITORY);
	}

	private static ImageReference parse(String reference) {
		try {
			return ImageReference.parse(reference);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
