package dev.assay.export;

import java.math.BigDecimal;

import dev.assay.scans.CvssBand;

/** The Severity column: the band of the finding's CVSS v3 score, the one the image counts are made of. */
final class Severity {

	private Severity() {
	}

	static String of(BigDecimal cvss) {
		return CvssBand.of((cvss != null) ? cvss.doubleValue() : null).name();
	}

}
