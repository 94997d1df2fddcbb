package dev.assay.scans;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.assay.scans.ImageIdentity.DigestKind;

/**
 * Puts an {@link ImageIdentity} together from the references a report gives, whatever the format.
 * Readers hand over repository digests, then tag references, then the asked-for name.
 * <ul>
 * <li>Registry and repository come from the first of: a repository digest, a tag reference, the
 * name the scan was asked for, that parses as an image reference. Where that one names no registry
 * and another reference of the same repository does, that registry is taken: the report said it.
 * <li>Digest: the first repository digest (a digest in the asked-for name counts as one), of
 * whichever repository, since a report is about one image; else the manifest digest, else the
 * config id, marked as such.
 * <li>Tags: every tag of that repository the report mentions.
 * </ul>
 * Strings that are no image reference (a tar file path, an empty string) are not used for the
 * repository; the asked-for name is kept as {@link ImageIdentity#name()} all the same.
 */
final class IdentityBuilder {

	/**
	 * An image archive ({@code docker save}, {@code trivy --input}): {@code images/app.tar.gz} reads
	 * as a grammatical reference but names a file, not a repository.
	 */
	private static final Pattern ARCHIVE = Pattern.compile(".*\\.(tar|tar\\.gz|tgz|tar\\.zst)");

	private final List<ImageReference> references = new ArrayList<>();

	private String name;

	private String manifestDigest;

	private String configId;

	private String os;

	IdentityBuilder repoDigest(String reference) {
		ImageReference parsed = parse(reference);
		if (parsed != null && parsed.digest() != null) {
			this.references.add(parsed);
		}
		return this;
	}

	IdentityBuilder tag(String reference) {
		ImageReference parsed = parse(reference);
		if (parsed != null) {
			this.references.add(parsed);
		}
		return this;
	}

	/** The name the scan was asked for (kept as the identity's name), used as a reference if it is one. */
	IdentityBuilder requested(String requested) {
		this.name = Json.blankToNull(requested);
		return (this.name != null && ARCHIVE.matcher(this.name).matches()) ? this : tag(requested);
	}

	IdentityBuilder manifestDigest(String digest) {
		this.manifestDigest = Json.blankToNull(digest);
		return this;
	}

	IdentityBuilder configId(String id) {
		this.configId = Json.blankToNull(id);
		return this;
	}

	IdentityBuilder os(String name, String version) {
		String family = Json.blankToNull(name);
		String release = Json.blankToNull(version);
		this.os = (family == null) ? release : (release == null) ? family : family + " " + release;
		return this;
	}

	ImageIdentity build() {
		ImageReference primary = this.references.isEmpty() ? null : this.references.get(0);
		String registry = "";
		String digest = null;
		DigestKind kind = null;
		Set<String> tags = new LinkedHashSet<>();
		if (primary != null) {
			for (ImageReference reference : this.references) {
				if (digest == null && reference.digest() != null) {
					digest = reference.digest();
					kind = DigestKind.REPOSITORY;
				}
				if (sameRepository(primary, reference)) {
					registry = registry.isEmpty() ? reference.registry() : registry;
					if (reference.tag() != null) {
						tags.add(reference.tag());
					}
				}
			}
		}
		if (digest == null && this.manifestDigest != null) {
			digest = this.manifestDigest;
			kind = DigestKind.MANIFEST;
		}
		if (digest == null && this.configId != null) {
			digest = this.configId;
			kind = DigestKind.CONFIG_ID;
		}
		return new ImageIdentity(this.name, registry, (primary != null) ? primary.repository() : null,
				List.copyOf(tags), digest, kind, this.os);
	}

	private static boolean sameRepository(ImageReference primary, ImageReference other) {
		return primary.repository().equals(other.repository()) && (primary.registry().isEmpty()
				|| other.registry().isEmpty() || primary.registry().equals(other.registry()));
	}

	private static ImageReference parse(String reference) {
		String text = Json.blankToNull(reference);
		if (text == null) {
			return null;
		}
		try {
			return ImageReference.parse(text);
		}
		catch (IllegalArgumentException ex) {
			// Reports name images by other things too (a tar file path, "debian (debian 10.8)"):
			// those key nothing here, and the asked-for name is kept as it is.
			return null;
		}
	}

}
