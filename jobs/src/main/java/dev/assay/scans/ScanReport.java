package dev.assay.scans;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scan report says about one image: who scanned it, which image it was and what was
 * found. Read with {@link ScanReports#read(java.nio.file.Path)}.
 *
 * @param format the format the report was written in
 * @param scanner the scanner's name ({@code grype}, {@code trivy}, a CycloneDX tool name), or
 * {@code null} where a CycloneDX document names no tool
 * @param scannerVersion the scanner's version as it reports it, or {@code null}
 * @param databaseBuilt when the scanner's vulnerability database was built, where the report says
 * (Grype does; Trivy and CycloneDX do not), else {@code null}
 * @param scannedAt when the scan was taken, as the report itself says (Grype
 * {@code descriptor.timestamp}, Trivy {@code CreatedAt}, CycloneDX {@code metadata.timestamp}), or
 * {@code null} where it does not (the legacy Trivy array, older Grype, many VEX documents)
 * @param image the scanned image
 * @param findings one per vulnerability id, package name and package version, in report order
 * @param notAffected how many of the report's statements said the image is not affected (VEX
 * {@code not_affected}, {@code false_positive}, {@code resolved}; Trivy {@code not_affected}); they
 * are not findings
 */
public record ScanReport(ReportFormat format, String scanner, String scannerVersion, Instant databaseBuilt,
		Instant scannedAt, ImageIdentity image, List<Finding> findings, int notAffected) {

	public ScanReport {
		findings = List.copyOf(findings);
	}

	/**
	 * The distinct vulnerability ids with the highest v3 score each has in any package, in report
	 * order; an id with no v3 score maps to {@code null}.
	 */
	public Map<String, Double> scoreById() {
		Map<String, Double> scores = new LinkedHashMap<>();
		for (Finding finding : this.findings) {
			Double score = finding.score();
			Double known = scores.get(finding.vulnerabilityId());
			if (!scores.containsKey(finding.vulnerabilityId()) || (score != null && (known == null || score > known))) {
				scores.put(finding.vulnerabilityId(), score);
			}
		}
		return scores;
	}

	/** The highest v3 score of any finding, or {@code null} where no finding has one. */
	public Double maxScore() {
		return this.findings.stream()
			.map(Finding::score)
			.filter(score -> score != null)
			.max(Double::compare)
			.orElse(null);
	}

	/** How many distinct vulnerability ids fall in each band, at each id's highest score; every band present. */
	public Map<CvssBand, Integer> countsByBand() {
		Map<CvssBand, Integer> counts = new EnumMap<>(CvssBand.class);
		for (CvssBand band : CvssBand.values()) {
			counts.put(band, 0);
		}
		scoreById().values().forEach(score -> counts.merge(CvssBand.of(score), 1, Integer::sum));
		return counts;
	}

}
