package dev.assay.assessment;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.assay.runtime.ImageRuntime;

/**
 * One image as {@code assay image} shows it: its result as the last assessment wrote it, and its
 * current findings, highest CVSS first (then highest EPSS; no score last). Serialised to JSON as
 * it is, one field per component.
 *
 * @param registry the registry, empty where the source named none
 * @param repository the repository
 * @param digest the digest, empty where the report gave none
 * @param tags the tags, sorted
 * @param result PASS, WARN, FAIL or UNKNOWN; {@code null} when the image was never assessed
 * @param unknownReason why there is no complete scan; {@code null} when there is one
 * @param maxCvss the highest CVSS v3 score no active exception covers; {@code null} when there
 * is none or the image was never assessed
 * @param thresholds the thresholds the result was computed with; {@code null} when never assessed
 * @param counts distinct vulnerabilities by band; {@code null} when never assessed
 * @param kevCount findings in the KEV catalog; {@code null} when never assessed
 * @param maxEpss the highest EPSS score; {@code null} when no finding has one, or never assessed
 * @param findings the current findings
 * @param clusters how many clusters run it (the runtime view; 0 where none does or it is off)
 * @param runningInstances how many containers run it
 * @param runningIn each of those containers
 */
public record ImageView(String registry, String repository, String digest, List<String> tags, String result,
		String unknownReason, BigDecimal maxCvss, Thresholds thresholds, Counts counts, Integer kevCount,
		Double maxEpss, List<Finding> findings, int clusters, int runningInstances,
		List<ImageRuntime.Instance> runningIn) {

	/** The warn and fail thresholds: WARN from {@code warn}, FAIL from {@code fail} (max CVSS at or above). */
	public record Thresholds(BigDecimal warn, BigDecimal fail) {
	}

	/** Distinct vulnerability ids by CVSS band, each at its highest score in the image. */
	public record Counts(int critical, int high, int medium, int low, int none) {
	}

	/**
	 * One finding: a vulnerability in one package.
	 *
	 * @param id the vulnerability id as the scanner reported it
	 * @param cve its CVE id; {@code null} when it has none
	 * @param packageName the package, {@code package} in JSON
	 * @param version the package version
	 * @param fixedVersion the version that fixes it; {@code null} when none is known
	 * @param cvss the CVSS v3 base score; {@code null} when there is none (N/A)
	 * @param epss the EPSS probability; {@code null} when the CVE has no EPSS score
	 * @param percentile the EPSS percentile; {@code null} with {@code epss}
	 * @param kev whether the CVE is in the current KEV catalog
	 * @param excepted whether an active exception covers it
	 * @param exceptionJustification that exception's justification (the narrowest scope's, if
	 * several cover it); {@code null} when not excepted
	 */
	public record Finding(String id, String cve, @JsonProperty("package") String packageName, String version,
			String fixedVersion, BigDecimal cvss, Double epss, Double percentile, boolean kev, boolean excepted,
			String exceptionJustification) {
	}

}
