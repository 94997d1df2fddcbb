package dev.assay.scans;

import java.nio.file.Path;

/**
 * Reads one report in a JVM of its own and prints what was found, so that a test can read a large
 * report under a small heap: {@code findings distinctIds maxScore countsByBand}.
 */
final class ReadReportMain {

	private ReadReportMain() {
	}

	public static void main(String[] args) {
		ScanReport report = ScanReports.read(Path.of(args[0]));
		System.out.println(report.findings().size() + " " + report.scoreById().size() + " " + report.maxScore() + " "
				+ report.countsByBand());
	}

}
