package dev.assay.assessment;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.assay.scans.ImageReference;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules for one row of an exceptions file. Every field is checked, so that one pass names all
 * that is wrong in a row:
 * <ul>
 * <li>CVE: a CVE id ({@code CVE-2021-44228}, any letter case, stored upper-case) or another
 * vulnerability id as scanners report it ({@code GHSA-jfh8-c2jp-5v3q}, {@code RHSA-2024:1234});
 * <li>Scope: {@code any}, {@code repo} or {@code image};
 * <li>Registry and Repository: a valid image name; Repository required for {@code repo} and
 * {@code image}; a blank Registry matches the images whose registry is blank;
 * <li>Tags: for {@code image}, a JSON list of one or more tags such as {@code ["v1.2.3","v2.3.4"]};
 * <li>Justification: required, up to 4000 characters;
 * <li>Expires: blank, or a date {@code yyyy-MM-dd};
 * <li>Owner: blank, or up to 255 characters.
 * </ul>
 * What a scope does not use is ignored rather than refused (Registry, Repository and Tags of
 * {@code any}; Tags of {@code repo}), so that rows of a per-image export can be given a wider scope
 * without clearing those columns.
 */
final class ExceptionsCsvRow {

	private static final Pattern CVE_ID = Pattern.compile("CVE-\\d{4}-\\d{4,}", Pattern.CASE_INSENSITIVE);

	/** GHSA-..., RHSA-2024:1234, GO-2022-0123, openSUSE-SU-2024:1234-1, ... */
	private static final Pattern OTHER_ID = Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9._:]+)+");

	private static final int MAX_ID_LENGTH = 96;

	private static final int MAX_JUSTIFICATION_LENGTH = 4000;

	private static final int MAX_OWNER_LENGTH = 255;

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private ExceptionsCsvRow() {
	}

	/**
	 * The exception of a row, or {@code null} when the row is bad; then {@code problems} has one
	 * entry per bad field, naming the field and what to write instead.
	 */
	static VulnException read(CSVRecord record, List<String> problems) {
		int before = problems.size();
		String cve = cve(value(record, ExceptionsCsv.CVE), problems);
		ExceptionScope scope = scope(value(record, ExceptionsCsv.SCOPE), problems);
		String registry = value(record, ExceptionsCsv.REGISTRY);
		String repository = value(record, ExceptionsCsv.REPOSITORY);
		List<String> tags = List.of();
		if (scope == ExceptionScope.REPO || scope == ExceptionScope.IMAGE) {
			boolean validName = name(registry, repository, scope, problems);
			if (scope == ExceptionScope.IMAGE) {
				tags = tags(value(record, ExceptionsCsv.TAGS), validName ? registry : null, repository, problems);
			}
		}
		String justification = value(record, ExceptionsCsv.JUSTIFICATION);
		if (justification.isEmpty()) {
			problems.add("Justification is required: say why the vulnerability is accepted");
		}
		else if (justification.codePointCount(0, justification.length()) > MAX_JUSTIFICATION_LENGTH) {
			problems.add("Justification is longer than " + MAX_JUSTIFICATION_LENGTH + " characters");
		}
		LocalDate expires = expires(value(record, ExceptionsCsv.EXPIRES), problems);
		String owner = value(record, ExceptionsCsv.OWNER);
		if (owner.codePointCount(0, owner.length()) > MAX_OWNER_LENGTH) {
			problems.add("Owner is longer than " + MAX_OWNER_LENGTH + " characters");
		}
		if (problems.size() > before) {
			return null;
		}
		return new VulnException(null, cve, scope, registry, repository, tags, justification, expires,
				owner.isEmpty() ? null : owner);
	}

	/** The trimmed value of a column; empty where the row is shorter than the header, or an optional column is absent. */
	private static String value(CSVRecord record, String column) {
		return record.isSet(column) ? record.get(column) : "";
	}

	private static String cve(String value, List<String> problems) {
		if (value.isEmpty()) {
			problems.add("CVE is required: a CVE id such as CVE-2021-44228 or another vulnerability id such as"
					+ " GHSA-jfh8-c2jp-5v3q");
			return null;
		}
		if (CVE_ID.matcher(value).matches()) {
			return value.toUpperCase(Locale.ROOT);
		}
		if (value.regionMatches(true, 0, "CVE", 0, 3) || !OTHER_ID.matcher(value).matches()
				|| value.length() > MAX_ID_LENGTH) {
			problems.add("CVE " + quoted(value) + " is neither a CVE id such as CVE-2021-44228 nor another"
					+ " vulnerability id such as GHSA-jfh8-c2jp-5v3q");
			return null;
		}
		return value;
	}

	private static ExceptionScope scope(String value, List<String> problems) {
		ExceptionScope scope = ExceptionScope.of(value);
		if (scope == null) {
			problems.add(value.isEmpty() ? "Scope is required: any, repo or image"
					: "Scope " + quoted(value) + " is not any, repo or image");
		}
		return scope;
	}

	/** Checks registry and repository as an image name; {@code false} when they are not one. */
	private static boolean name(String registry, String repository, ExceptionScope scope, List<String> problems) {
		if (repository.isEmpty()) {
			problems.add("Repository is required for scope " + scope.value()
					+ " (use scope any for every image)");
			return false;
		}
		try {
			new ImageReference(registry, repository, null, null);
			return true;
		}
		catch (IllegalArgumentException ex) {
			problems.add("Registry and Repository do not make an image name: " + ex.getMessage());
			return false;
		}
	}

	/**
	 * Reads the JSON list of tags; each is checked against the tag grammar when the name is valid
	 * ({@code registry} not {@code null}).
	 */
	private static List<String> tags(String value, String registry, String repository, List<String> problems) {
		String example = " such as [\"v1.2.3\",\"v2.3.4\"]";
		if (value.isEmpty()) {
			problems.add("Tags are required for scope image: a JSON list" + example
					+ " (use scope repo for every tag)");
			return List.of();
		}
		JsonNode list;
		try {
			list = JSON.readTree(value);
		}
		catch (JacksonException ex) {
			list = null;
		}
		if (list == null || !list.isArray() || list.isEmpty() || !list.valueStream().allMatch(JsonNode::isString)) {
			problems.add("Tags " + quoted(value) + " is not a JSON list of one or more strings" + example);
			return List.of();
		}
		List<String> tags = new ArrayList<>();
		for (JsonNode tag : list) {
			try {
				if (registry != null) {
					new ImageReference(registry, repository, tag.stringValue(), null);
				}
				tags.add(tag.stringValue());
			}
			catch (IllegalArgumentException ex) {
				problems.add("Tags: " + ex.getMessage());
			}
		}
		return tags;
	}

	private static LocalDate expires(String value, List<String> problems) {
		if (value.isEmpty()) {
			return null;
		}
		try {
			return LocalDate.parse(value, DateTimeFormatter.ISO_LOCAL_DATE);
		}
		catch (DateTimeParseException ex) {
			problems.add("Expires " + quoted(value) + " is not a date yyyy-MM-dd such as 2026-12-31");
			return null;
		}
	}

	/** The value in quotes, cut short: a message names the bad value, it need not repeat a whole cell. */
	private static String quoted(String value) {
		return "'" + ((value.length() > 60) ? value.substring(0, 60) + "..." : value) + "'";
	}

}
