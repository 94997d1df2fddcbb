package dev.assay.scans;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Gathers what a report says, package by package, into findings: one per vulnerability id,
 * package name and package version. Where a report repeats that triple (several match details,
 * the same package in two results), the statements collapse into one finding with every alias
 * and every CVSS entry of them, and the first package type, purl, fix and severity given. Not
 * thread-safe: one per report.
 */
final class FindingCollector {

	/** A CVE id; reports write them in upper case, but not all. */
	static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}", Pattern.CASE_INSENSITIVE);

	private final Map<Key, Draft> drafts = new LinkedHashMap<>();

	private int notAffected;

	/**
	 * Adds one statement that a vulnerability affects a package.
	 * @param id the vulnerability id, not blank (readers refuse reports where it is)
	 * @param aliases other ids the report gives for it; only CVE ids are kept
	 * @param affected the package; {@link AffectedPackage#NONE} where the report names none
	 */
	void add(String id, Iterable<String> aliases, AffectedPackage affected, String fixedVersion, String severity,
			List<CvssCandidate> cvss) {
		String cleanId = Objects.requireNonNull(Json.blankToNull(id), "vulnerability id");
		Key key = new Key(cleanId, Json.blankToNull(affected.name()), Json.blankToNull(affected.version()));
		Draft draft = this.drafts.computeIfAbsent(key, Draft::new);
		for (String alias : aliases) {
			String clean = Json.blankToNull(alias);
			if (clean != null && CVE.matcher(clean).matches() && !clean.equalsIgnoreCase(cleanId)) {
				draft.aliases.add(clean);
			}
		}
		draft.packageType = firstOf(draft.packageType, affected.type());
		draft.purl = firstOf(draft.purl, affected.purl());
		draft.fixedVersion = firstOf(draft.fixedVersion, fixedVersion);
		draft.severity = firstOf(draft.severity, severity);
		draft.cvss.addAll(cvss);
	}

	/** Counts a statement that the image is not affected, which is no finding. */
	void notAffected() {
		this.notAffected++;
	}

	int notAffectedCount() {
		return this.notAffected;
	}

	List<Finding> findings() {
		List<Finding> findings = new ArrayList<>(this.drafts.size());
		for (Draft draft : this.drafts.values()) {
			findings.add(new Finding(draft.key.id, List.copyOf(draft.aliases), draft.key.packageName,
					draft.key.packageVersion, draft.packageType, draft.purl, draft.fixedVersion, draft.severity,
					CvssCandidate.select(draft.cvss, 3), CvssCandidate.select(draft.cvss, 2),
					CvssCandidate.select(draft.cvss, 4)));
		}
		return findings;
	}

	private static String firstOf(String known, String offered) {
		return (known != null) ? known : Json.blankToNull(offered);
	}

	/** A package as a report names it; any part may be {@code null}. */
	record AffectedPackage(String name, String version, String type, String purl) {

		static final AffectedPackage NONE = new AffectedPackage(null, null, null, null);

	}

	private record Key(String id, String packageName, String packageVersion) {
	}

	private static final class Draft {

		private final Key key;

		private final Set<String> aliases = new LinkedHashSet<>();

		private final List<CvssCandidate> cvss = new ArrayList<>();

		private String packageType;

		private String purl;

		private String fixedVersion;

		private String severity;

		Draft(Key key) {
			this.key = key;
		}

	}

}
