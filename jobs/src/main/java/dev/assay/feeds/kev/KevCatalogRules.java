package dev.assay.feeds.kev;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

import dev.assay.feeds.FeedException;

/**
 * The rules of CISA's KEV JSON schema ({@code known_exploited_vulnerabilities_schema.json}) that a
 * catalog must keep before it replaces the last good one: required fields, CVE and CWE id
 * patterns, dates, a {@code count} equal to the number of entries, and each CVE once. Fields the
 * schema does not require may be missing; empty strings are allowed, as in the schema (the 2023
 * catalogs have empty products and descriptions).
 */
final class KevCatalogRules {

	static final String WHAT_TO_DO = "Nothing was changed. Fix the catalog at its source, or point"
			+ " assay.feeds.kev.url (or the url job parameter) at a good copy.";

	private static final Pattern CVE = Pattern.compile("CVE-[0-9]{4}-[0-9]{4,19}");

	private static final Pattern CWE = Pattern.compile("CWE-[0-9]+");

	private static final List<Field> REQUIRED = List.of(new Field("vendorProject", KevEntry::vendorProject),
			new Field("product", KevEntry::product), new Field("vulnerabilityName", KevEntry::vulnerabilityName),
			new Field("dateAdded", KevEntry::dateAdded), new Field("shortDescription", KevEntry::shortDescription),
			new Field("requiredAction", KevEntry::requiredAction), new Field("dueDate", KevEntry::dueDate));

	private KevCatalogRules() {
	}

	/**
	 * Checks the top level of a JSON catalog, then its entries.
	 * @param source where the catalog came from, for messages
	 * @throws FeedException naming the first field that breaks a rule
	 */
	static void checkJson(KevCatalog catalog, String source) {
		requireTopLevel(source, "catalogVersion", catalog.catalogVersion());
		requireTopLevel(source, "dateReleased", catalog.dateReleased());
		requireTopLevel(source, "count", catalog.count());
		requireTopLevel(source, "vulnerabilities", catalog.vulnerabilities());
		try {
			OffsetDateTime.parse(catalog.dateReleased());
		}
		catch (DateTimeParseException ex) {
			throw invalid(source, "dateReleased '" + catalog.dateReleased()
					+ "' is not a date-time such as 2025-08-25T17:04:19.9796Z");
		}
		if (catalog.count() != catalog.vulnerabilities().size()) {
			throw invalid(source, "count says " + catalog.count() + " entries but vulnerabilities holds "
					+ catalog.vulnerabilities().size() + "; the file may be cut short or edited");
		}
		checkEntries(catalog.vulnerabilities(), source, index -> "vulnerabilities[" + index + "]");
	}

	/**
	 * Checks every entry.
	 * @param where names entry {@code i} in messages, e.g. {@code vulnerabilities[3]}
	 * @throws FeedException naming the first entry and field that break a rule
	 */
	static void checkEntries(List<KevEntry> entries, String source, IntFunction<String> where) {
		Map<String, Integer> seen = new HashMap<>();
		for (int i = 0; i < entries.size(); i++) {
			KevEntry entry = entries.get(i);
			if (entry == null || entry.cveID() == null) {
				throw invalid(source, where.apply(i) + ": cveID is missing");
			}
			String at = where.apply(i) + " (" + entry.cveID() + ")";
			if (!CVE.matcher(entry.cveID()).matches()) {
				throw invalid(source, at + ": cveID is not a CVE id such as CVE-2021-44228");
			}
			Integer first = seen.putIfAbsent(entry.cveID(), i);
			if (first != null) {
				throw invalid(source, at + ": the same CVE is already listed at " + where.apply(first));
			}
			for (Field field : REQUIRED) {
				if (field.value().apply(entry) == null) {
					throw invalid(source, at + ": " + field.name() + " is missing");
				}
			}
			checkDate(source, at, "dateAdded", entry.dateAdded());
			checkDate(source, at, "dueDate", entry.dueDate());
			if (entry.cwes() != null) {
				for (String cwe : entry.cwes()) {
					if (cwe == null || !CWE.matcher(cwe).matches()) {
						throw invalid(source, at + ": cwes holds '" + cwe + "', not a CWE id such as CWE-79");
					}
				}
			}
		}
	}

	private static void requireTopLevel(String source, String field, Object value) {
		if (value == null) {
			throw invalid(source, "the top-level field " + field + " is missing");
		}
	}

	private static void checkDate(String source, String at, String field, String value) {
		try {
			// ISO_LOCAL_DATE is strict: 2021-02-30 fails as well as 2021-2-3 and 03/02/2021.
			LocalDate.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw invalid(source, at + ": " + field + " '" + value + "' is not a date in the form yyyy-MM-dd");
		}
	}

	private static FeedException invalid(String source, String problem) {
		return refused(source, "is invalid: " + problem, null);
	}

	/**
	 * The failure for a catalog that cannot replace the last good one.
	 * @param problem what is wrong, after "The KEV catalog from {@code source}"
	 * @param cause the error that found it, or {@code null}
	 */
	static FeedException refused(String source, String problem, Throwable cause) {
		return new FeedException("The KEV catalog from " + source + " " + problem + ". " + WHAT_TO_DO, cause);
	}

	private record Field(String name, Function<KevEntry, String> value) {
	}

}
