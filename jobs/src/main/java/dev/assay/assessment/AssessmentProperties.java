package dev.assay.assessment;

import java.math.BigDecimal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The thresholds that turn an image's max CVSS into a result: FAIL at or above the fail
 * threshold, else WARN at or above the warn threshold, else PASS. Checked at start-up:
 * {@code 0.0 <= warn <= fail <= 10.0}.
 *
 * @param warnThreshold {@code assay.assessment.warn-threshold}
 * @param failThreshold {@code assay.assessment.fail-threshold}
 */
@ConfigurationProperties("assay.assessment")
public record AssessmentProperties(@DefaultValue("7.0") BigDecimal warnThreshold,
		@DefaultValue("8.0") BigDecimal failThreshold) {

	private static final BigDecimal MIN = BigDecimal.ZERO;

	private static final BigDecimal MAX = BigDecimal.TEN;

	public AssessmentProperties {
		check("assay.assessment.warn-threshold", warnThreshold);
		check("assay.assessment.fail-threshold", failThreshold);
		if (warnThreshold.compareTo(failThreshold) > 0) {
			throw new IllegalArgumentException("assay.assessment.warn-threshold (" + warnThreshold
					+ ") is above assay.assessment.fail-threshold (" + failThreshold
					+ "); the warn threshold must be at most the fail threshold");
		}
		// Scores have one decimal; so do the thresholds, as stored with every result.
		warnThreshold = warnThreshold.setScale(1, java.math.RoundingMode.UNNECESSARY);
		failThreshold = failThreshold.setScale(1, java.math.RoundingMode.UNNECESSARY);
	}

	private static void check(String name, BigDecimal value) {
		if (value == null || value.compareTo(MIN) < 0 || value.compareTo(MAX) > 0) {
			throw new IllegalArgumentException(name + " must be a CVSS score from 0.0 to 10.0, not " + value);
		}
		if (value.stripTrailingZeros().scale() > 1) {
			throw new IllegalArgumentException(name + " must have at most one decimal like a CVSS score, not " + value);
		}
	}

}
