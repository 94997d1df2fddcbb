package dev.assay.assessment;

import java.math.BigDecimal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The thresholds that turn an image's max CVSS into its result: FAIL at or above the fail
 * threshold, else WARN at or above the warn threshold, else PASS. Checked when assay starts, which
 * it refuses to do with thresholds outside {@code 0.0 <= warn <= fail <= 10.0}. An empty value
 * means the default, as for every Spring property.
 *
 * @param warnThreshold {@code assay.assessment.warn-threshold}, one decimal at most, as CVSS
 * scores have
 * @param failThreshold {@code assay.assessment.fail-threshold}, likewise
 */
@ConfigurationProperties("assay.assessment")
public record AssessmentProperties(@DefaultValue("7.0") BigDecimal warnThreshold,
		@DefaultValue("8.0") BigDecimal failThreshold) {

	private static final String PREFIX = "assay.assessment.";

	public AssessmentProperties {
		warnThreshold = score("warn-threshold", warnThreshold);
		failThreshold = score("fail-threshold", failThreshold);
		if (warnThreshold.compareTo(failThreshold) > 0) {
			throw new IllegalArgumentException(PREFIX + "warn-threshold (" + warnThreshold + ") is above " + PREFIX
					+ "fail-threshold (" + failThreshold + ");"
					+ " the warn threshold must not be above the fail threshold");
		}
	}

	/** The value with one decimal, e.g. {@code 7.0} for {@code 7}. */
	private static BigDecimal score(String name, BigDecimal value) {
		if (value.signum() < 0 || value.compareTo(BigDecimal.TEN) > 0) {
			throw new IllegalArgumentException(
					PREFIX + name + " is " + value.toPlainString() + "; it must be a CVSS score from 0.0 to 10.0");
		}
		if (value.stripTrailingZeros().scale() > 1) {
			throw new IllegalArgumentException(PREFIX + name + " is " + value.toPlainString()
					+ "; CVSS scores have one decimal, so give it with one decimal at most (e.g. 7.5)");
		}
		return value.setScale(1);
	}

}
