package dev.assay.assessment;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.assay.assessment.ScanRows.Finding;
import dev.assay.assessment.ScanRows.Image;
import dev.assay.testing.Sql;

/**
 * The assessment rules of DESIGN.md written out plainly, one image at a time, over the rows a test
 * inserted: what {@code image_assessment} must hold. Compared as lists of column values, in the
 * order of {@link #COLUMNS}.
 */
final class ExpectedResult {

	static final String COLUMNS = "result, unknown_reason, max_cvss, critical, high, medium, low, none";

	private static final BigDecimal NINE = new BigDecimal("9.0");

	private static final BigDecimal SEVEN = new BigDecimal("7.0");

	private static final BigDecimal FOUR = new BigDecimal("4.0");

	private ExpectedResult() {
	}

	/**
	 * The columns for {@code image}: findings that {@code excepted} covers are left out; each
	 * vulnerability id counts once, in the band of its highest score.
	 */
	static List<Object> of(Image image, List<Finding> findings, Predicate<Finding> excepted, String warn, String fail) {
		Map<String, BigDecimal> highest = new HashMap<>();
		for (Finding finding : findings) {
			if (excepted.test(finding)) {
				continue;
			}
			BigDecimal score = (finding.score() != null) ? finding.score() : BigDecimal.ZERO;
			highest.merge(finding.vulnId(), score, BigDecimal::max);
		}
		int[] bands = new int[5];
		BigDecimal max = null;
		for (BigDecimal score : highest.values()) {
			bands[band(score)]++;
		}
		for (Finding finding : findings) {
			if (!excepted.test(finding) && finding.score() != null) {
				max = (max == null) ? finding.score() : max.max(finding.score());
			}
		}
		String result;
		if (!image.scanned()) {
			result = "UNKNOWN";
		}
		else if (max != null && max.compareTo(new BigDecimal(fail)) >= 0) {
			result = "FAIL";
		}
		else if (max != null && max.compareTo(new BigDecimal(warn)) >= 0) {
			result = "WARN";
		}
		else {
			result = "PASS";
		}
		return new ArrayList<>(Arrays.asList(result, image.scanned() ? null : image.unknownReason(), max, bands[0],
				bands[1], bands[2], bands[3], bands[4]));
	}

	/** The same columns as stored for the image. */
	static List<Object> stored(Sql sql, Image image) {
		List<List<Object>> rows = sql.rows("SELECT " + COLUMNS + " FROM image_assessment WHERE image_id = " + image.id());
		if (rows.isEmpty()) {
			throw new AssertionError("image " + image.id() + " has no assessment");
		}
		List<Object> row = new ArrayList<>(rows.get(0));
		for (int i = 3; i < row.size(); i++) {
			row.set(i, ((Number) row.get(i)).intValue());
		}
		return row;
	}

	/** 0 critical, 1 high, 2 medium, 3 low, 4 none. */
	private static int band(BigDecimal score) {
		if (score.signum() == 0) {
			return 4;
		}
		if (score.compareTo(NINE) >= 0) {
			return 0;
		}
		if (score.compareTo(SEVEN) >= 0) {
			return 1;
		}
		return (score.compareTo(FOUR) >= 0) ? 2 : 3;
	}

}
