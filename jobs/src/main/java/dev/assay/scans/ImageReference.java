package dev.assay.scans;

import java.util.regex.Pattern;

/**
 * A container image reference, {@code [registry/]repository[:tag][@digest]}, checked against the
 * Docker reference grammar (distribution/reference). Nothing is normalised: {@code alpine} stays
 * {@code alpine} with a blank registry, because the source did not name one and assay never
 * invents it.
 * <p>
 * The first path component is a registry only if it contains {@code .} or {@code :} or is
 * {@code localhost}, as Docker decides. A reference that passes {@link #parse(String)} holds no
 * whitespace, quote or shell metacharacter, so it can be handed to a scanner as one argument.
 *
 * @param registry host and optional port; empty (never {@code null}) where the reference names none
 * @param repository the path, lower-case components such as {@code library/alpine}
 * @param tag the tag, or {@code null}
 * @param digest {@code algorithm:hex}, or {@code null}
 */
public record ImageReference(String registry, String repository, String tag, String digest) {

	private static final String ALPHA_NUMERIC = "[a-z0-9]+";

	private static final String SEPARATOR = "(?:[._]|__|-+)";

	private static final String PATH_COMPONENT = ALPHA_NUMERIC + "(?:" + SEPARATOR + ALPHA_NUMERIC + ")*";

	private static final Pattern REPOSITORY = Pattern.compile(PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*");

	private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";

	private static final Pattern REGISTRY = Pattern.compile("(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT
			+ ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");

	private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

	private static final Pattern DIGEST = Pattern
		.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");

	/** Registry and repository together may not be longer than this (Docker's NameTotalLengthMax). */
	private static final int MAX_NAME_LENGTH = 255;

	public ImageReference {
		if (registry == null) {
			registry = "";
		}
		if (!registry.isEmpty() && !REGISTRY.matcher(registry).matches()) {
			throw new IllegalArgumentException("registry '" + registry + "' is not a host name with an optional port");
		}
		if (repository == null || !REPOSITORY.matcher(repository).matches()) {
			throw new IllegalArgumentException("repository '" + repository
					+ "' is not a path of lower-case letters and digits separated by '.', '_', '__', '-' and '/'");
		}
		if ((registry.isEmpty() ? 0 : registry.length() + 1) + repository.length() > MAX_NAME_LENGTH) {
			throw new IllegalArgumentException("the name is longer than " + MAX_NAME_LENGTH + " characters");
		}
		if (tag != null && !TAG.matcher(tag).matches()) {
			throw new IllegalArgumentException(
					"tag '" + tag + "' is not 1-128 letters, digits, '_', '.' or '-' starting with a letter, digit or '_'");
		}
		if (digest != null && !validDigest(digest)) {
			throw new IllegalArgumentException("digest '" + digest
					+ "' is not algorithm:hex (sha256 with 64 and sha512 with 128 lower-case hex digits)");
		}
	}

	/**
	 * Reads a reference such as {@code ghcr.io/org/app:1.2@sha256:...}.
	 * @throws IllegalArgumentException naming the reference and what is wrong with it
	 */
	public static ImageReference parse(String reference) {
		if (reference == null || reference.isEmpty()) {
			throw new IllegalArgumentException("An image reference is required, e.g. registry.example/app:1.0");
		}
		try {
			String rest = reference;
			String digest = null;
			int at = rest.indexOf('@');
			if (at >= 0) {
				digest = rest.substring(at + 1);
				rest = rest.substring(0, at);
			}
			String tag = null;
			int colon = rest.lastIndexOf(':');
			if (colon > rest.lastIndexOf('/')) {
				tag = rest.substring(colon + 1);
				rest = rest.substring(0, colon);
			}
			String registry = "";
			int slash = rest.indexOf('/');
			if (slash >= 0 && isRegistry(rest.substring(0, slash))) {
				registry = rest.substring(0, slash);
				rest = rest.substring(slash + 1);
			}
			return new ImageReference(registry, rest, tag, digest);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("'" + reference + "' is not an image reference ([registry/]repository"
					+ "[:tag][@sha256:digest]): " + ex.getMessage(), ex);
		}
	}

	/** Docker's rule for telling a registry from the first path component. */
	private static boolean isRegistry(String component) {
		return component.contains(".") || component.contains(":") || component.equals("localhost");
	}

	private static boolean validDigest(String digest) {
		if (!DIGEST.matcher(digest).matches()) {
			return false;
		}
		String hex = digest.substring(digest.indexOf(':') + 1);
		return switch (digest.substring(0, digest.indexOf(':'))) {
			case "sha256" -> hex.length() == 64 && hex.equals(hex.toLowerCase());
			case "sha512" -> hex.length() == 128 && hex.equals(hex.toLowerCase());
			default -> true;
		};
	}

	/** Registry and repository, e.g. {@code ghcr.io/org/app}, or just the repository where no registry is named. */
	public String name() {
		return this.registry.isEmpty() ? this.repository : this.registry + "/" + this.repository;
	}

	/** The reference as written: {@code [registry/]repository[:tag][@digest]}. */
	@Override
	public String toString() {
		return name() + ((this.tag != null) ? ":" + this.tag : "") + ((this.digest != null) ? "@" + this.digest : "");
	}

}
