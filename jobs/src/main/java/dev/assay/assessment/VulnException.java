package dev.assay.assessment;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One vulnerability exception (a row of {@code vuln_exception}, not a {@link Throwable}): the
 * vulnerability {@link #cve} no longer counts against the images its {@link #scope} covers.
 * <p>
 * The constructor keeps only what the scope uses, so that two exceptions covering the same
 * images compare equal by {@link #target()}: {@code any} drops registry, repository and tags,
 * {@code repo} drops the tags; tags are sorted and without repeats.
 *
 * @param id the database id; {@code null} until stored
 * @param cve a CVE id, or another vulnerability id (GHSA-...) as scanners report it
 * @param scope which images it covers
 * @param registry the registry, empty for images whose registry is blank; never {@code null}
 * @param repository the repository; empty for scope {@code any}
 * @param tags the tags of scope {@code image}; empty for the other scopes
 * @param justification why the vulnerability is accepted; required
 * @param expires the last day (UTC) it applies; {@code null} for no end
 * @param owner who answers for it; {@code null} when not given
 */
public record VulnException(Long id, String cve, ExceptionScope scope, String registry, String repository,
		List<String> tags, String justification, LocalDate expires, String owner) {

	public VulnException {
		Objects.requireNonNull(cve, "cve");
		Objects.requireNonNull(scope, "scope");
		Objects.requireNonNull(justification, "justification");
		boolean named = scope != ExceptionScope.ANY;
		registry = (named && registry != null) ? registry : "";
		repository = (named && repository != null) ? repository : "";
		tags = (scope == ExceptionScope.IMAGE && tags != null) ? tags.stream().sorted().distinct().toList() : List.of();
	}

	/** What the exception covers: vulnerability, scope, registry, repository and tags. */
	List<Object> target() {
		return List.of(this.cve, this.scope, this.registry, this.repository, this.tags);
	}

	/** Whether the justification, expiry and owner equal those of {@code other}. */
	boolean sameTerms(VulnException other) {
		return this.justification.equals(other.justification) && Objects.equals(this.expires, other.expires)
				&& Objects.equals(this.owner, other.owner);
	}

	/** The exception as one phrase for messages, e.g. {@code CVE-2021-44228 for ghcr.io/org/app:[1.0]}. */
	String describe() {
		String name = this.registry.isEmpty() ? this.repository : this.registry + "/" + this.repository;
		return switch (this.scope) {
			case ANY -> this.cve + " for every image";
			case REPO -> this.cve + " for " + name;
			case IMAGE -> this.cve + " for " + name + ":" + this.tags;
		};
	}

}
