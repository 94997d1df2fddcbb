package dev.assay.assessment;

/** Why results were computed again: what changed since the previous assessment. */
public enum Reason {

	/** Images with a new scan or scan status, or not assessed yet. */
	NEW_SCAN,

	/** The warn or fail threshold. */
	THRESHOLDS,

	/** The exceptions in force: added, removed, edited, or expired. */
	EXCEPTIONS,

	/** A new EPSS snapshot or KEV catalog. */
	FEEDS

}
