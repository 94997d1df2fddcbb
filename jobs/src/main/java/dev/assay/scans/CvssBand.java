package dev.assay.scans;

/** The bands in which vulnerabilities are counted, by CVSS v3 base score. */
public enum CvssBand {

	/** 9.0 and above. */
	CRITICAL,

	/** 7.0 to 8.9. */
	HIGH,

	/** 4.0 to 6.9. */
	MEDIUM,

	/** 0.1 to 3.9. */
	LOW,

	/** 0.0, or no v3 score at all. */
	NONE;

	/** The band of a score; {@code null} (no score) is {@link #NONE}. */
	public static CvssBand of(Double score) {
		if (score == null || score <= 0.0) {
			return NONE;
		}
		if (score >= 9.0) {
			return CRITICAL;
		}
		if (score >= 7.0) {
			return HIGH;
		}
		return (score >= 4.0) ? MEDIUM : LOW;
	}

}
