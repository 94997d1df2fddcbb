package dev.assay.export;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/**
 * How values look in the CSV files: text as it is, except that a cell starting with {@code =},
 * {@code +}, {@code -} or {@code @} gets a single quote in front, so that a spreadsheet shows it
 * instead of running it as a formula; scores in plain decimal notation (never {@code 1.0E-5});
 * dates as ISO dates and times as ISO instants in UTC; nothing for no value.
 */
final class CsvCells {

	private static final DateTimeFormatter INSTANT = DateTimeFormatter.ISO_INSTANT;

	private CsvCells() {
	}

	/** The text, neutralised where a spreadsheet would take it for a formula. */
	static String text(String value) {
		if (value == null || value.isEmpty()) {
			return "";
		}
		char first = value.charAt(0);
		return (first == '=' || first == '+' || first == '-' || first == '@') ? "'" + value : value;
	}

	static String score(BigDecimal value) {
		return (value != null) ? value.toPlainString() : "";
	}

	/** A DOUBLE column as the shortest decimal that reads back to it, without exponent. */
	static String decimal(Double value) {
		return (value != null) ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() : "";
	}

	static String number(Number value) {
		return (value != null) ? value.toString() : "";
	}

	static String date(Date value) {
		return (value != null) ? value.toLocalDate().toString() : "";
	}

	/** A DATETIME column, which assay writes in UTC, as an instant. */
	static String time(Timestamp value) {
		return (value != null) ? INSTANT.format(value.toLocalDateTime().toInstant(ZoneOffset.UTC)) : "";
	}

	/**
	 * The tags of an image, given comma-separated, as a JSON list such as {@code ["1.0","latest"]},
	 * the form the exception CSV takes; nothing for an image without tags.
	 */
	static String tags(String commaSeparated) {
		if (commaSeparated == null || commaSeparated.isEmpty()) {
			return "";
		}
		List<String> tags = Arrays.asList(commaSeparated.split(","));
		return text(JsonMapper.shared().writeValueAsString(tags));
	}

}
