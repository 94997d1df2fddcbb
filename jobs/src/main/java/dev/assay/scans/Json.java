package dev.assay.scans;

import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON side of reading reports: one mapper for all of them, binding to small records so that
 * a large report is never held as a tree, and failures turned into messages that name the file,
 * line and field.
 */
final class Json {

	/**
	 * {@code NaN} and {@code Infinity} are accepted as numbers so that a report carrying them (as
	 * some Python tools write) can still be read; such a score is then ignored, not the report.
	 */
	static final JsonMapper MAPPER = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

	private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

	private Json() {
	}

	/**
	 * Binds the whole file to {@code type}; thread-safe.
	 * @param what the kind of file for messages, e.g. {@code Grype report}
	 */
	static <T> T read(Path file, Class<T> type, String what) {
		try {
			return MAPPER.readValue(file, type);
		}
		catch (JacksonException ex) {
			throw problem(file, what, ex);
		}
	}

	/** Whether the file's JSON is an array (only its first token is read). */
	static boolean isArray(Path file) {
		try (JsonParser parser = MAPPER.createParser(file)) {
			return parser.nextToken() == JsonToken.START_ARRAY;
		}
		catch (JacksonException ex) {
			throw problem(file, "report", ex);
		}
	}

	/** A failure of Jackson as a message about the file. */
	static ReportException problem(Path file, String what, JacksonException ex) {
		if (ex instanceof JacksonIOException) {
			return new ReportException("Could not read " + file + ": " + ex.getCause().getMessage(), ex);
		}
		String where = where(ex.getLocation());
		// Jackson reports the end of a file inside an array or object it is skipping without the
		// UnexpectedEndOfInputException it uses elsewhere; its message says the same.
		if (ex instanceof UnexpectedEndOfInputException || String.valueOf(ex.getOriginalMessage())
			.startsWith("Unexpected end-of-input")) {
			return new ReportException(file + " ends in the middle of its JSON" + where
					+ ": the file is truncated. Write the report again, completely.", ex);
		}
		if (ex instanceof MismatchedInputException && String.valueOf(ex.getOriginalMessage()).startsWith("Trailing token")) {
			return new ReportException(file + " holds more than one JSON document (more follows the first" + where
					+ "). Import one report per file.", ex);
		}
		if (ex instanceof DatabindException) {
			String problem = (ex instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null)
					? "should be " + kind(mismatch.getTargetType()) : "cannot be read (" + ex.getOriginalMessage() + ")";
			return new ReportException(file + " is not a readable " + what + ": field " + path(ex) + where + " "
					+ problem + ". Check that the file is the scanner's unedited JSON output.", ex);
		}
		return new ReportException(file + " is not valid JSON" + where + ": " + ex.getOriginalMessage()
				+ ". Write the report again as the scanner's JSON output.", ex);
	}

	/** The JSON path of a binding failure, e.g. {@code matches[0].vulnerability.cvss}. */
	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? "(top level)" : path.toString();
	}

	private static String kind(Class<?> type) {
		if (type.isArray() || Collection.class.isAssignableFrom(type)) {
			return "an array";
		}
		if (CharSequence.class.isAssignableFrom(type)) {
			return "a string";
		}
		if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
			return "a number";
		}
		return (type == Boolean.class || type == boolean.class) ? "true or false" : "an object";
	}

	private static String where(TokenStreamLocation location) {
		if (location == null || location.getLineNr() < 1) {
			return "";
		}
		return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
	}

	/** The text of a field, {@code null} where it is missing, not a scalar, or blank. */
	static String text(JsonNode node, String field) {
		return text(node.path(field));
	}

	/** The text of a scalar node, {@code null} where it is missing, not a scalar, or blank. */
	static String text(JsonNode node) {
		if (node == null || !(node.isString() || node.isNumber() || node.isBoolean())) {
			return null;
		}
		return blankToNull(node.asString());
	}

	/**
	 * When a report says it was written: an RFC 3339 date-time with offset, as Grype, Trivy and
	 * CycloneDX tools write it; {@code null} where it is missing, blank, or Go's zero time
	 * ({@code 0001-01-01T00:00:00Z}, which Go tools write for a time never set).
	 * @param field the JSON path of the field, for the message
	 * @throws ReportException where it is not such a date-time, or is before 1970: it decides which
	 * scan of an image is the newest, so a wrong one is not guessed around
	 */
	static Instant timestamp(Path file, String field, String text) {
		String value = blankToNull(text);
		if (value == null) {
			return null;
		}
		Instant instant;
		try {
			instant = OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new ReportException(file + " is not a readable scan report: field " + field + " '" + value
					+ "' is not a date-time with an offset such as 2024-01-15T08:58:29Z. Check that the file is the"
					+ " scanner's unedited JSON output.", ex);
		}
		if (instant.equals(GO_ZERO_TIME)) {
			return null;
		}
		if (instant.isBefore(Instant.EPOCH)) {
			throw new ReportException(file + " is not a readable scan report: field " + field + " '" + value
					+ "' is before 1970, so it is not the time of a scan. Check the clock of the machine that ran"
					+ " the scanner.");
		}
		return instant;
	}

	static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.trim();
	}

	/**
	 * A score from a report: a number, or a string holding one. Anything else, {@code NaN} and
	 * numbers outside 0.0-10.0 give {@code null}: the entry's score is ignored, the finding kept.
	 */
	static Double score(JsonNode node) {
		if (node == null) {
			return null;
		}
		double value;
		if (node.isNumber()) {
			value = node.doubleValue();
		}
		else if (node.isString()) {
			try {
				value = Double.parseDouble(node.asString().trim());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		else {
			return null;
		}
		return (value >= 0.0 && value <= 10.0) ? value : null;
	}

}
