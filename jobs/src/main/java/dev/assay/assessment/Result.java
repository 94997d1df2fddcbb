package dev.assay.assessment;

/** The result of one image against the thresholds and exceptions in force. */
public enum Result {

	/** Max CVSS below the warn threshold, or no scored finding at all. */
	PASS,

	/** Max CVSS at or above the warn threshold and below the fail threshold. */
	WARN,

	/** Max CVSS at or above the fail threshold. */
	FAIL,

	/** No complete scan: never scanned, scan failed, too large, auth error. */
	UNKNOWN

}
