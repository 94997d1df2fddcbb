package dev.assay.scans;

/** The scan report formats assay reads; which one a file is, is told from its content. */
public enum ReportFormat {

	/** {@code grype -o json}. */
	GRYPE,

	/** {@code trivy image -f json}: SchemaVersion 2, or the top-level array of Trivy before 0.20. */
	TRIVY,

	/** A CycloneDX JSON document with a {@code vulnerabilities} array (VDR or VEX). */
	CYCLONEDX

}
