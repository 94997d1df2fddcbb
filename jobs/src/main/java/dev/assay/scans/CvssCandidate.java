package dev.assay.scans;

import java.util.List;
import java.util.Locale;

import us.springett.cvss.CvssV2;
import us.springett.cvss.CvssV3;
import us.springett.cvss.CvssV4;
import us.springett.cvss.MalformedVectorException;

/**
 * One CVSS entry a report gives for a finding, before the finding's rating is selected.
 *
 * @param version {@code 2}, {@code 3} or {@code 4}
 * @param minor the minor version where known ({@code 3.0} vs {@code 3.1}), else {@code null}; used
 * only to score a vector written without its {@code CVSS:3.x/} prefix
 * @param score the score the report gives, already {@code null} where it was missing, NaN or out of
 * range
 * @param vector the vector as written, or {@code null}
 * @param source who rated it, or {@code null}
 */
record CvssCandidate(int version, String minor, Double score, String vector, String source) {

	CvssCandidate {
		vector = Json.blankToNull(vector);
		source = Json.blankToNull(source);
	}

	/**
	 * Whether NVD gave this rating. Grype names NVD {@code nvd@nist.gov} (older releases and
	 * snapshots {@code nvd}, or no source at all on an entry of the {@code nvd}/{@code nvd:cpe}
	 * namespace, which is passed as the source); Trivy keys it {@code nvd}; CycloneDX names it
	 * {@code NVD}.
	 */
	boolean fromNvd() {
		if (this.source == null) {
			return false;
		}
		String name = this.source.toLowerCase(Locale.ROOT);
		return name.equals("nvd") || name.equals("nvd@nist.gov") || name.startsWith("nvd:");
	}

	/** The score the report gives, else the score of the vector, else {@code null}. */
	Double usableScore() {
		return (this.score != null) ? this.score : scoreOfVector();
	}

	private Double scoreOfVector() {
		if (this.vector == null) {
			return null;
		}
		String written = this.vector;
		if (!written.startsWith("CVSS:") && this.version != 2) {
			written = "CVSS:" + ((this.minor != null) ? this.minor : this.version + ".0") + "/" + written;
		}
		try {
			us.springett.cvss.Cvss parsed = us.springett.cvss.Cvss.fromVector(written);
			boolean rightVersion = switch (this.version) {
				case 2 -> parsed instanceof CvssV2;
				case 3 -> parsed instanceof CvssV3;
				default -> parsed instanceof CvssV4;
			};
			return rightVersion ? parsed.calculateScore().getBaseScore() : null;
		}
		catch (MalformedVectorException ex) {
			// A vector the calculator cannot read is no score for this entry; the finding stays.
			return null;
		}
	}

	/**
	 * The rating of one CVSS version among a finding's candidates: the highest score NVD gives,
	 * else the highest any source gives, else {@code null}.
	 */
	static Cvss select(List<CvssCandidate> candidates, int version) {
		CvssCandidate bestNvd = null;
		CvssCandidate bestAny = null;
		double nvdScore = -1;
		double anyScore = -1;
		for (CvssCandidate candidate : candidates) {
			Double score = (candidate.version == version) ? candidate.usableScore() : null;
			if (score == null) {
				continue;
			}
			if (score > anyScore) {
				bestAny = candidate;
				anyScore = score;
			}
			if (candidate.fromNvd() && score > nvdScore) {
				bestNvd = candidate;
				nvdScore = score;
			}
		}
		if (bestNvd != null) {
			return new Cvss(nvdScore, bestNvd.vector, bestNvd.source);
		}
		return (bestAny != null) ? new Cvss(anyScore, bestAny.vector, bestAny.source) : null;
	}

	/** The major version of a CVSS version string ({@code 3.1} is 3), 0 where it is none. */
	static int major(String version) {
		if (version == null || version.isBlank()) {
			return 0;
		}
		char first = version.trim().charAt(0);
		return (first >= '2' && first <= '4') ? first - '0' : 0;
	}

	/** The version a vector announces ({@code CVSS:3.1/...} is 3; a bare {@code AV:N/AC:L/Au:N...} is 2), 0 if none. */
	static int majorOfVector(String vector) {
		if (vector == null) {
			return 0;
		}
		if (vector.startsWith("CVSS:")) {
			return major(vector.substring(5));
		}
		return vector.contains("Au:") ? 2 : 0;
	}

}
