package dev.assay.feeds.kev;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import dev.assay.feeds.FeedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The boundaries of what a catalog may hold, on catalogs cut from the real one: each rule of the
 * CISA schema, and what is tolerated.
 */
class KevCatalogReaderTests {

	private static final String SOURCE = "https://feeds.example/kev.json";

	private final KevCatalogReader reader = new KevCatalogReader(JsonMapper.shared());

	@TempDir
	Path dir;

	@ParameterizedTest(name = "{0} valid: {1}")
	@CsvSource({ "CVE-2021-44228, true", "CVE-1999-0001, true", "CVE-2021-1234567890123456789, true",
			"CVE-2021-12345678901234567890, false", "CVE-2021-123, false", "CVE-21-44228, false",
			"cve-2021-44228, false", "'CVE-2021-44228 ', false", "'', false" })
	void cveIdFollowsTheSchemaPattern(String cve, boolean valid) {
		Path file = catalog(2, catalog -> KevFiles.entry(catalog, 1).put("cveID", cve));

		if (valid) {
			assertThat(this.reader.read(file, SOURCE).vulnerabilities().get(1).cveID()).isEqualTo(cve);
		}
		else {
			assertInvalid(file, "vulnerabilities[1] (" + cve + "): cveID is not a CVE id");
		}
	}

	@ParameterizedTest(name = "{0} valid: {1}")
	@CsvSource({ "2024-02-29, true", "2023-12-31, true", "2023-02-29, false", "2023-13-01, false", "2021-2-3, false",
			"2021/02/03, false", "2021-02-03T00:00:00, false", "'', false" })
	void datesAreCalendarDatesInTheFormYearMonthDay(String date, boolean valid) {
		Path file = catalog(1, catalog -> KevFiles.entry(catalog, 0).put("dueDate", date));

		if (valid) {
			assertThat(this.reader.read(file, SOURCE).vulnerabilities().get(0).dueDate()).isEqualTo(date);
		}
		else {
			assertInvalid(file, "dueDate '" + date + "' is not a date in the form yyyy-MM-dd");
		}
	}

	@Test
	void unknownFieldsAreTolerated() {
		Path file = catalog(1, catalog -> {
			catalog.put("publisher", "CISA");
			KevFiles.entry(catalog, 0).put("exploitMaturity", "high");
		});

		assertThat(this.reader.read(file, SOURCE).vulnerabilities()).hasSize(1);
	}

	@Test
	void emptyRequiredFieldsAreAllowedAsInTheSchema() {
		Path file = catalog(1, catalog -> KevFiles.entry(catalog, 0).put("product", ""));

		assertThat(this.reader.read(file, SOURCE).vulnerabilities().get(0).product()).isEmpty();
	}

	@Test
	void missingTopLevelFieldFails() {
		assertInvalid(catalog(1, catalog -> catalog.remove("catalogVersion")),
				"the top-level field catalogVersion is missing");
	}

	@Test
	void countOfTheWrongTypeFailsNamingTheField() {
		assertThatExceptionOfType(FeedException.class)
			.isThrownBy(() -> this.reader.read(catalog(1, catalog -> catalog.put("count", "many")), SOURCE))
			.withMessageContaining("The KEV catalog from " + SOURCE + " is not valid JSON at count (line 1, column ");
	}

	@Test
	void dateReleasedMustBeADateTime() {
		assertInvalid(catalog(1, catalog -> catalog.put("dateReleased", "2025-08-25")),
				"dateReleased '2025-08-25' is not a date-time");
	}

	@Test
	void sameCveTwiceFailsNamingBothEntries() {
		Path file = catalog(3, catalog -> KevFiles.entry(catalog, 2).put("cveID",
				KevFiles.entry(catalog, 0).get("cveID").stringValue()));

		assertInvalid(file, "vulnerabilities[2]", "the same CVE is already listed at vulnerabilities[0]");
	}

	@Test
	void cweThatIsNotACweIdFails() {
		Path file = catalog(1, catalog -> KevFiles.entry(catalog, 0).putArray("cwes").add("NVD-CWE-Other"));

		assertInvalid(file, "cwes holds 'NVD-CWE-Other', not a CWE id");
	}

	@Test
	void emptyFileFails() throws Exception {
		assertThatExceptionOfType(FeedException.class)
			.isThrownBy(() -> this.reader.read(Files.writeString(this.dir.resolve("empty"), " \n"), SOURCE))
			.withMessageStartingWith("The KEV catalog from " + SOURCE + " is empty.");
	}

	@Test
	void textThatIsNeitherJsonNorTheCsvVariantFails() throws Exception {
		Path file = Files.writeString(this.dir.resolve("notes.txt"), "id,score\n1,2\n");

		assertThatExceptionOfType(FeedException.class).isThrownBy(() -> this.reader.read(file, SOURCE))
			.withMessageContaining("is neither the KEV JSON catalog nor its CSV variant: its first line has no cveID column");
	}

	@Test
	void csvWithoutARequiredColumnFailsNamingIt() throws Exception {
		Path file = Files.writeString(this.dir.resolve("kev.csv"),
				"cveID,vendorProject,product,vulnerabilityName,dateAdded,shortDescription,requiredAction\n");

		assertInvalid(file, "its CSV header lacks the column dueDate");
	}

	@Test
	void csvRowWithoutARequiredFieldFailsNamingTheRow() throws Exception {
		Path file = Files.writeString(this.dir.resolve("kev.csv"), """
				cveID,vendorProject,product,vulnerabilityName,dateAdded,shortDescription,requiredAction,dueDate,cwes
				CVE-2021-44228,Apache,Log4j2,Log4Shell,2021-12-10,JNDI lookup,Apply updates,2021-12-24,"CWE-20, CWE-917"
				CVE-2014-0160,OpenSSL,OpenSSL,Heartbleed,2022-05-04,Heartbleed,Apply updates
				""");

		assertInvalid(file, "CSV row 2 after the header (CVE-2014-0160): dueDate is missing");
	}

	@Test
	void csvWithAnUnclosedQuoteFailsNamingTheLine() throws Exception {
		Path file = Files.writeString(this.dir.resolve("kev.csv"), """
				cveID,vendorProject,product,vulnerabilityName,dateAdded,shortDescription,requiredAction,dueDate
				CVE-2021-44228,Apache,"Log4j2,Log4Shell,2021-12-10,JNDI lookup,Apply updates,2021-12-24
				""");

		assertThatExceptionOfType(FeedException.class).isThrownBy(() -> this.reader.read(file, SOURCE))
			.withMessageContaining("is not valid CSV")
			.withMessageContaining("(startline 2) EOF reached before encapsulated token finished");
	}

	/** The real current catalog cut to its first {@code entries} entries, then edited. */
	private Path catalog(int entries, Consumer<ObjectNode> edit) {
		return KevFiles.edited(KevFiles.CURRENT, this.dir.resolve("kev-" + System.nanoTime() + ".json"), catalog -> {
			ArrayNode vulnerabilities = (ArrayNode) catalog.get("vulnerabilities");
			while (vulnerabilities.size() > entries) {
				vulnerabilities.remove(vulnerabilities.size() - 1);
			}
			catalog.put("count", entries);
			edit.accept(catalog);
		});
	}

	private void assertInvalid(Path file, String... message) {
		assertThatExceptionOfType(FeedException.class).isThrownBy(() -> this.reader.read(file, SOURCE))
			.withMessageStartingWith("The KEV catalog from " + SOURCE + " is invalid: ")
			.withMessageContainingAll(message)
			.withMessageEndingWith(KevCatalogRules.WHAT_TO_DO);
	}

}
