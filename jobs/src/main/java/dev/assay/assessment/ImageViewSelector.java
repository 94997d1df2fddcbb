package dev.assay.assessment;

import java.util.regex.Pattern;

import dev.assay.scans.ImageReference;

/**
 * The images that a reference given to {@code assay image} names. Each part is a condition, and
 * {@code null} means any:
 * <ul>
 * <li>{@code registry/repo:tag}: that repository in that registry, carrying the tag;
 * <li>{@code registry/repo@sha256:...}: that digest in that repository (a tag given with a digest
 * is ignored, as Docker does);
 * <li>{@code repo:tag}: the repository with that tag in any registry, including none, since assay
 * never adds a default registry;
 * <li>{@code sha256:...}: that digest in any repository;
 * <li>{@code registry/repo}: every image of the repository.
 * </ul>
 *
 * @param registry the registry; {@code null} for any
 * @param repository the repository; {@code null} for any (a bare digest)
 * @param tag a tag the image carries; {@code null} for any
 * @param digest the digest; {@code null} for any
 */
public record ImageViewSelector(String registry, String repository, String tag, String digest) {

	private static final Pattern DIGEST_PREFIX = Pattern.compile("(?:sha256|sha512):.*");

	private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}");

	/**
	 * Reads a reference in one of the forms above.
	 * @throws IllegalArgumentException naming the reference and what is wrong with it
	 */
	public static ImageViewSelector parse(String reference) {
		if (reference != null && DIGEST_PREFIX.matcher(reference).matches()) {
			if (!DIGEST.matcher(reference).matches()) {
				throw new IllegalArgumentException("'" + reference + "' is not a digest: sha256: takes 64 and sha512:"
						+ " 128 lower-case hex digits");
			}
			return new ImageViewSelector(null, null, null, reference);
		}
		ImageReference parsed = ImageReference.parse(reference);
		return new ImageViewSelector(parsed.registry().isEmpty() ? null : parsed.registry(), parsed.repository(),
				(parsed.digest() != null) ? null : parsed.tag(), parsed.digest());
	}

}
