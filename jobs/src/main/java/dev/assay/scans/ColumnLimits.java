package dev.assay.scans;

import java.nio.file.Path;

/**
 * Checks that what a report says fits the columns that hold it (see {@code V5__scans.sql}). A report
 * with a value that does not fit is refused with the value named, rather than cut short unseen or
 * failing the whole batch of reports it would be written with.
 */
final class ColumnLimits {

	private ColumnLimits() {
	}

	/**
	 * @param source the file name as it will be stored
	 * @throws ReportException naming the first value that does not fit
	 */
	static void check(Path file, String source, ScanReport report, ImageKey image) {
		Checker check = new Checker(file, "the report");
		check.fits("file name", source, 1024);
		check.fits("scanner", report.scanner(), 128);
		check.fits("scanner version", report.scannerVersion(), 64);
		check = new Checker(file, "image " + image);
		check.fits("registry", image.registry(), 255);
		check.fits("repository", image.repository(), 255);
		check.ascii("digest", image.digest(), 160);
		check.fits("os", report.image().os(), 128);
		for (String tag : report.image().tags()) {
			check.ascii("tag", tag, 128);
		}
		for (Finding finding : report.findings()) {
			check = new Checker(file, "finding " + finding.vulnerabilityId()
					+ ((finding.packageName() != null) ? " in " + finding.packageName() : ""));
			check.ascii("vulnerability id", finding.vulnerabilityId(), 96);
			check.ascii("CVE", finding.cve(), 32);
			check.ascii("CVE aliases", String.join(",", finding.aliases()), 1024);
			check.fits("package name", finding.packageName(), 512);
			check.fits("package version", finding.packageVersion(), 255);
			check.fits("package type", finding.packageType(), 64);
			check.fits("package URL", finding.purl(), 1024);
			check.fits("fixed version", finding.fixedVersion(), 512);
			check.fits("severity", finding.severity(), 32);
			if (finding.cvssV3() != null) {
				check.fits("CVSS v3 vector", finding.cvssV3().vector(), 255);
				check.fits("CVSS v3 source", finding.cvssV3().source(), 128);
			}
			check.fits("CVSS v2 vector", (finding.cvssV2() != null) ? finding.cvssV2().vector() : null, 255);
			check.fits("CVSS v4 vector", (finding.cvssV4() != null) ? finding.cvssV4().vector() : null, 255);
		}
	}

	private static boolean isAscii(String value) {
		for (int i = 0; i < value.length(); i++) {
			if (value.charAt(i) >= 128) {
				return false;
			}
		}
		return true;
	}

	private record Checker(Path file, String what) {

		void fits(String field, String value, int limit) {
			if (value != null && value.length() > limit) {
				throw new ReportException(this.file + " cannot be imported: the " + field + " of " + this.what + " is "
						+ value.length() + " characters long, more than the " + limit + " assay stores ('"
						+ value.substring(0, 40) + "...'). Check that the file is the scanner's unedited output.");
			}
		}

		void ascii(String field, String value, int limit) {
			fits(field, value, limit);
			if (value != null && !isAscii(value)) {
				throw new ReportException(this.file + " cannot be imported: the " + field + " of " + this.what + " ('"
						+ value + "') holds characters other than ASCII. Check that the file is the scanner's unedited"
						+ " output.");
			}
		}

	}

}
