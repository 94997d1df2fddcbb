package dev.assay.scans;

import java.nio.file.Path;

/**
 * Reads scan reports: Grype JSON, Trivy JSON and CycloneDX JSON with vulnerabilities, told apart
 * by their content. See the package documentation for the rules that turn a report into an
 * image, its findings and their scores.
 * <p>
 * A report is read streaming: the top of it tells the format, then one pass binds only the fields
 * assay uses to small records (and checks the JSON), so memory grows with the number of findings,
 * not the size of the file. Thread-safe; no database, no state.
 */
public final class ScanReports {

	private ScanReports() {
	}

	/**
	 * Reads one report.
	 * @param file a report file
	 * @return what the report says; a report without vulnerabilities has no findings
	 * @throws ReportException if the file is missing, empty, truncated, not JSON, or not a report in
	 * a known format; the message names the file and says what it looks like and what to do
	 */
	public static ScanReport read(Path file) {
		return switch (FormatDetector.detect(file)) {
			case GRYPE -> GrypeReader.read(file);
			case TRIVY -> TrivyReader.read(file);
			case CYCLONEDX -> CycloneDxReader.read(file);
		};
	}

}
