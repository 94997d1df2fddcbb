package dev.assay.scans;

import java.util.List;
import java.util.Locale;

/**
 * One vulnerability in one package of the scanned image, as one report states it. A report holds
 * at most one finding per vulnerability id, package name and package version.
 *
 * @param vulnerabilityId the id the scanner reported: a CVE, or a GHSA or other id
 * @param aliases the CVE ids the report gives as the same vulnerability, never {@code null}
 * @param packageName the package name, or {@code null} where the report names no package
 * @param packageVersion the installed version, or {@code null}
 * @param packageType the scanner's package type ({@code deb}, {@code java-archive}, {@code jar}),
 * else the package URL's type, or {@code null}
 * @param purl the package URL, or {@code null}
 * @param fixedVersion the version(s) that fix it as the report writes them, or {@code null}
 * @param severity the severity as reported, free text kept as it is ({@code High},
 * {@code CRITICAL}, {@code Negligible}), or {@code null}
 * @param cvssV3 the selected CVSS v3 rating (see the package documentation), or {@code null}
 * where the report gives no usable v3 score
 * @param cvssV2 the CVSS v2 rating selected the same way; kept, not used for the result
 * @param cvssV4 the CVSS v4 rating selected the same way; kept, not used for the result
 */
public record Finding(String vulnerabilityId, List<String> aliases, String packageName, String packageVersion,
		String packageType, String purl, String fixedVersion, String severity, Cvss cvssV3, Cvss cvssV2, Cvss cvssV4) {

	public Finding {
		aliases = List.copyOf(aliases);
	}

	/**
	 * The CVE this finding is known by, which EPSS, KEV and exceptions are joined on: its id where
	 * that is a CVE, else its first CVE alias; upper-case, as the feeds write them. {@code null}
	 * where it has none (a GHSA without CVE alias).
	 */
	public String cve() {
		if (FindingCollector.CVE.matcher(this.vulnerabilityId).matches()) {
			return this.vulnerabilityId.toUpperCase(Locale.ROOT);
		}
		return this.aliases.isEmpty() ? null : this.aliases.get(0).toUpperCase(Locale.ROOT);
	}

	/** The CVSS v3 base score that counts for this finding, or {@code null} where there is none. */
	public Double score() {
		return (this.cvssV3 != null) ? this.cvssV3.score() : null;
	}

}
