package dev.assay.assessment;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.assay.testing.Cli;
import dev.assay.testing.Sql;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code assay exceptions import} and {@code export}: what lands in the database is what the file
 * says, a bad file changes nothing and names every bad line, and an export imports back to the
 * same rows.
 */
class ExceptionsImportTests {

	/** Every scope, expiry and owner, extra columns around the known ones, columns in another order. */
	static final String VALID = """
			Notes,CVE,Registry,Repository,Tags,Justification,Scope,Expires,Owner,Package
			not imported,CVE-2021-44228,,,,"Log4Shell: lookups disabled, see SEC-12",any,2099-12-31,alice@example.com,log4j
			x,cve-2023-4863,registry.example.com,shop/cart,,libwebp is never called,repo,,,libwebp
			x,GHSA-jfh8-c2jp-5v3q,ghcr.io,org/app,"[""v2.3.4"",""v1.2.3""]","Reachable only from the ""admin"" UI",image,2030-01-01,team-app,
			x,CVE-2022-0001,,library/redis,"[""7""]","Two lines
			of justification",image,,,redis
			x,CVE-2024-3094,registry.example.com,shop/cart,"[""ignored""]",xz backdoor absent from this build,REPO,,bob,
			x,CVE-2020-0002,docker.io,library/nginx,"[""1.25""]",Any scope ignores the image columns,any,,,
			""";

	@TempDir
	Path home;

	@Test
	void importStoresEveryRowAsTheFileStatesIt() throws IOException {
		// given
		Cli cli = new Cli("exc_import", this.home);
		Path file = write("valid.csv", VALID);

		// when
		Cli.Result result = cli.run("exceptions", "import", file.toString());

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		List<List<Object>> expected = expectedRows(VALID);
		assertThat(result.out()).contains("Imported " + expected.size() + " exceptions",
				expected.size() + " added, 0 updated, 0 unchanged");
		assertThat(storedRows(new Sql(cli.jdbcUrl()))).containsExactlyInAnyOrderElementsOf(expected);
	}

	@Test
	void exportThenImportGivesTheSameRowsWithoutDuplicates() throws IOException {
		// given
		Cli cli = new Cli("exc_round_trip", this.home);
		Sql sql = new Sql(cli.jdbcUrl());
		assertThat(cli.run("exceptions", "import", write("valid.csv", VALID).toString()).exitCode()).isZero();
		String withIds = "SELECT id, created_at, x.* FROM vuln_exception x ORDER BY id";
		List<List<Object>> before = sql.rows(withIds);
		List<List<Object>> tagsBefore = sql.rows("SELECT * FROM vuln_exception_tag ORDER BY exception_id, tag");
		Path exported = this.home.resolve("exported.csv");

		// when
		Cli.Result export = cli.run("exceptions", "export", exported.toString());
		Cli.Result reimport = cli.run("exceptions", "import", exported.toString());

		// then
		assertThat(export.exitCode()).as(export.err()).isZero();
		assertThat(reimport.exitCode()).as(reimport.err()).isZero();
		assertThat(reimport.out()).contains("0 added, 0 updated, " + before.size() + " unchanged");
		assertThat(sql.rows(withIds)).isEqualTo(before);
		assertThat(sql.rows("SELECT * FROM vuln_exception_tag ORDER BY exception_id, tag")).isEqualTo(tagsBefore);
		String text = Files.readString(exported);
		assertThat(text).startsWith("CVE,Registry,Repository,Tags,Justification,Scope,Expires,Owner\r\n");
		assertThat(expectedRows(text)).containsExactlyInAnyOrderElementsOf(expectedRows(VALID));

		// and the export alone rebuilds the same exceptions in another database
		Cli other = new Cli("exc_round_trip_other", this.home);
		assertThat(other.run("exceptions", "import", exported.toString()).exitCode()).isZero();
		assertThat(storedRows(new Sql(other.jdbcUrl()))).containsExactlyInAnyOrderElementsOf(storedRows(sql));
	}

	@Test
	void importingAStoredExceptionAgainUpdatesItInPlace() throws IOException {
		// given
		Cli cli = new Cli("exc_update", this.home);
		Sql sql = new Sql(cli.jdbcUrl());
		String header = "CVE,Registry,Repository,Tags,Justification,Scope,Expires,Owner\n";
		assertThat(cli.run("exceptions", "import",
				write("first.csv", header + "CVE-2023-4863,ghcr.io,org/app,,first reason,repo,2030-01-01,alice\n")
					.toString())
			.exitCode()).isZero();
		Object id = sql.value("SELECT id FROM vuln_exception");

		// when the same exception comes with new terms
		Cli.Result second = cli.run("exceptions", "import",
				write("second.csv", header + "CVE-2023-4863,ghcr.io,org/app,,second reason,repo,2031-06-30,bob\n")
					.toString());

		// then
		assertThat(second.exitCode()).as(second.err()).isZero();
		assertThat(second.out()).contains("0 added, 1 updated, 0 unchanged");
		assertThat(sql.rows("SELECT id, justification, CAST(expires AS CHAR), owner FROM vuln_exception"))
			.containsExactly(List.of(id, "second reason", "2031-06-30", "bob"));

		// when a file without the optional columns states only the justification
		Cli.Result third = cli.run("exceptions", "import",
				write("third.csv", "CVE,Registry,Repository,Tags,Justification,Scope\n"
						+ "CVE-2023-4863,ghcr.io,org/app,,third reason,repo\n")
					.toString());

		// then expiry and owner stay as stored
		assertThat(third.exitCode()).as(third.err()).isZero();
		assertThat(sql.rows("SELECT id, justification, CAST(expires AS CHAR), owner FROM vuln_exception"))
			.containsExactly(List.of(id, "third reason", "2031-06-30", "bob"));
	}

	@Test
	void aFileWithBadRowsImportsNothingAndNamesEveryBadLine() throws IOException {
		// given a stored exception, and a file whose good rows sit between bad ones
		Cli cli = new Cli("exc_bad_rows", this.home);
		Sql sql = new Sql(cli.jdbcUrl());
		assertThat(cli.run("exceptions", "import", write("valid.csv", VALID).toString()).exitCode()).isZero();
		List<List<Object>> before = storedRows(sql);
		String bad = """
				CVE,Registry,Repository,Tags,Justification,Scope,Expires,Owner
				CVE-2021-0001,,,,fine,any,,
				CVE-2021-0002,,,,bad scope,everywhere,,
				CVE-2021-0003,,,,,any,,
				CVE-2021-0004,registry.example.com,app,"[""v1"",",broken JSON,image,,
				CVE-2021-0005,,,,"a quoted
				line break",any,,
				CVE-2021-0006,,,,bad date,any,31/12/2025,
				CVE-21-7,,,,bad CVE,any,,
				CVE-2021-0008,registry.example.com,,,no repository,repo,,
				CVE-2021-0009,registry.example.com,app,"[1,2]",tags that are not strings,image,,
				CVE-2021-0010,registry.example.com,app,,no tags,image,,
				""";
		Path file = write("bad.csv", bad);

		// when
		Cli.Result result = cli.run("exceptions", "import", file.toString());

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("nothing was imported")
			.contains(line(bad, "CVE-2021-0002") + ": Scope 'everywhere' is not any, repo or image")
			.contains(line(bad, "CVE-2021-0003") + ": Justification is required")
			.contains(line(bad, "CVE-2021-0004") + ": Tags '[\"v1\",' is not a JSON list")
			.contains(line(bad, "CVE-2021-0006") + ": Expires '31/12/2025' is not a date yyyy-MM-dd")
			.contains(line(bad, "CVE-21-7") + ": CVE 'CVE-21-7' is neither a CVE id")
			.contains(line(bad, "CVE-2021-0008") + ": Repository is required for scope repo")
			.contains(line(bad, "CVE-2021-0009") + ": Tags '[1,2]' is not a JSON list")
			.contains(line(bad, "CVE-2021-0010") + ": Tags are required for scope image")
			.contains("has 8 bad rows")
			.doesNotContain(line(bad, "CVE-2021-0001") + ":")
			.doesNotContain(line(bad, "CVE-2021-0005") + ":");
		assertThat(storedRows(sql)).isEqualTo(before);
	}

	@Test
	void theSameExceptionTwiceWithOtherTermsIsRefusedNamingBothLines() throws IOException {
		// given
		Cli cli = new Cli("exc_repeat", this.home);
		assertThat(cli.run("exceptions", "list").exitCode()).isZero();
		String file = """
				CVE,Registry,Repository,Tags,Justification,Scope
				CVE-2021-44228,ghcr.io,org/app,"[""b"",""a""]",one reason,image
				CVE-2021-44228,ghcr.io,org/app,"[""a"",""b"",""a""]",another reason,image
				""";

		// when
		Cli.Result result = cli.run("exceptions", "import", write("repeat.csv", file).toString());

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("line 3: repeats the exception CVE-2021-44228 for ghcr.io/org/app:[a, b] of"
				+ " line 2");
		assertThat(new Sql(cli.jdbcUrl()).count("SELECT COUNT(*) FROM vuln_exception")).isZero();
	}

	@Test
	void aFileWithoutTheRequiredColumnsIsRefusedNamingThem() throws IOException {
		// given
		Cli cli = new Cli("exc_header", this.home);
		Path file = write("header.csv", "CVE,Repository,Tags,Reason,Scope\nCVE-2021-44228,,,why,any\n");

		// when
		Cli.Result result = cli.run("exceptions", "import", file.toString());

		// then
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains(file.toString(), "lacks the columns Registry, Justification");
	}

	@Test
	void aSpreadsheetsByteOrderMarkIsNotPartOfTheHeader() throws IOException {
		// given the file as spreadsheet programs save "CSV UTF-8"
		Cli cli = new Cli("exc_bom", this.home);
		Path file = write("bom.csv", "\uFEFF" + VALID);

		// when
		Cli.Result result = cli.run("exceptions", "import", file.toString());

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(storedRows(new Sql(cli.jdbcUrl()))).containsExactlyInAnyOrderElementsOf(expectedRows(VALID));
	}

	@Test
	void aFileThatIsNotUtf8IsRefused() throws IOException {
		Cli cli = new Cli("exc_latin1", this.home);
		Path file = Files.write(this.home.resolve("latin1.csv"),
				"CVE,Registry,Repository,Tags,Justification,Scope\nCVE-2021-44228,,,,géré,any\n"
					.getBytes(StandardCharsets.ISO_8859_1));

		Cli.Result result = cli.run("exceptions", "import", file.toString());

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains(file.toString(), "is not UTF-8", "nothing was imported");
	}

	@Test
	void anUnclosedQuoteIsRefusedNamingWhereItStarts() throws IOException {
		Cli cli = new Cli("exc_quote", this.home);
		String text = "CVE,Registry,Repository,Tags,Justification,Scope\nCVE-2021-44228,,,,fine,any\n"
				+ "CVE-2021-0001,,,,\"never closed,any\n";
		Path file = write("quote.csv", text);

		Cli.Result result = cli.run("exceptions", "import", file.toString());

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains(file.toString(), "line " + (text.lines().toList().size()),
				"nothing was imported");
	}

	@Test
	void aMissingFileIsBadUsage() {
		Cli cli = new Cli("exc_missing", this.home);
		Path file = this.home.resolve("no-such.csv");

		Cli.Result result = cli.run("exceptions", "import", file.toString());

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains(file.toString(), "does not exist");
	}

	private Path write(String name, String text) throws IOException {
		return Files.writeString(this.home.resolve(name), text);
	}

	/** "line N" for the line of {@code text} that starts with {@code start}, counted from 1. */
	private static String line(String text, String start) {
		List<String> lines = text.lines().toList();
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).startsWith(start)) {
				return "line " + (i + 1);
			}
		}
		throw new AssertionError(start + " is not in the file");
	}

	/**
	 * The rows a file should store, read from the raw CSV by the rules of the spec: CVE ids (not
	 * other ids) upper-case, scope lower-case, registry and repository only where the scope uses them, tags
	 * only for scope image (sorted), blanks as {@code null}.
	 */
	static List<List<Object>> expectedRows(String csv) throws IOException {
		List<List<Object>> rows = new ArrayList<>();
		CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
		try (CSVParser parser = CSVParser.parse(new StringReader(csv), format)) {
			for (CSVRecord record : parser) {
				String scope = record.get("Scope").toLowerCase(Locale.ROOT);
				boolean named = !scope.equals("any");
				List<String> tags = new ArrayList<>();
				if (scope.equals("image")) {
					for (JsonNode tag : JsonMapper.shared().readTree(record.get("Tags"))) {
						tags.add(tag.stringValue());
					}
				}
				String cve = record.get("CVE");
				rows.add(Arrays.asList(cve.startsWith("cve-") ? cve.toUpperCase(Locale.ROOT) : cve, scope,
						named ? record.get("Registry") : "", named ? record.get("Repository") : "",
						record.get("Justification"), blankToNull(record.get("Expires")),
						blankToNull(record.get("Owner")),
						tags.isEmpty() ? null : String.join(",", tags.stream().sorted().toList())));
			}
		}
		return rows;
	}

	static List<List<Object>> storedRows(Sql sql) {
		return sql.rows("""
				SELECT x.cve, x.scope, x.registry, x.repository, x.justification, CAST(x.expires AS CHAR), x.owner,
					(SELECT GROUP_CONCAT(t.tag ORDER BY t.tag) FROM vuln_exception_tag t WHERE t.exception_id = x.id)
				FROM vuln_exception x""");
	}

	private static String blankToNull(String value) {
		return value.isEmpty() ? null : value;
	}

}
