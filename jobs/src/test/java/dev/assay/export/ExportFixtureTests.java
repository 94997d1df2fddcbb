package dev.assay.export;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.assay.export.ExpectedExport.Filters;
import dev.assay.export.ExpectedExport.Image;
import dev.assay.testing.Cli;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code export} over a database built from the real scan reports of {@code ../shared/fixtures/}
 * with generated EPSS and KEV feeds ({@link ExportTestData}): every row and cell of both CSV files
 * is compared with what {@link ExpectedExport} works out from the inputs, without filters and with
 * each filter; the JSON files and the manifest are checked against the files and inputs.
 */
class ExportFixtureTests {

	@TempDir
	static Path home;

	static ExportTestData data;

	static Cli cli;

	static ExpectedExport expected;

	static Path set;

	@BeforeAll
	static void exportFixtureDatabase() throws IOException {
		cli = new Cli("export_fixtures", home);
		data = new ExportTestData(cli, home).build();
		set = export();
		// Read after the export assessed: the test computes results itself, from the same rows.
		expected = new ExpectedExport(data.sql(), data.feeds);
	}

	static Path export(String... parameters) {
		Cli.Result result = data.run("export", parameters);
		assertThat(result.exitCode()).isZero();
		return ExportTestData.latest(home.resolve("reports"));
	}

	@Test
	void imageCvesCsvHoldsEveryFindingOfTheExportedImagesCellByCell() throws IOException {
		List<List<String>> rows = expected.imageCves(Filters.none());
		assertThat(rows).hasSizeGreaterThan(1000);
		assertThat(read(set.resolve("image-cves.csv"), CsvReports.IMAGE_CVES_HEADER)).containsExactlyElementsOf(rows);
	}

	@Test
	void imagesCsvHoldsOneRowPerImageWithItsCvesHighestFirst() throws IOException {
		List<List<String>> rows = expected.images(Filters.none());
		assertThat(rows).hasSizeGreaterThan(20);
		assertThat(read(set.resolve("images.csv"), CsvReports.IMAGES_HEADER)).containsExactlyElementsOf(rows);
	}

	@Test
	void theFixturesCoverWhatTheRulesTellApart() {
		List<List<String>> rows = expected.imageCves(Filters.none());
		assertThat(rows).as("excepted").anyMatch(row -> row.get(17).equals("true"));
		assertThat(rows).as("in KEV").anyMatch(row -> row.get(10).equals("true"));
		assertThat(rows).as("no EPSS").anyMatch(row -> row.get(8).isEmpty());
		assertThat(rows).as("running").anyMatch(row -> !row.get(20).equals("0"));
		assertThat(rows).as("no score").anyMatch(row -> row.get(6).isEmpty());
		assertThat(expected.images(Filters.none()).stream().map(row -> row.get(4)).distinct())
			.contains("PASS", "WARN", "FAIL");
	}

	@Test
	void imagesJsonNamesEveryExportedImageWithTagAndDigest() {
		JsonNode json = JsonMapper.shared().readTree(set.resolve("images.json").toFile());
		List<String> references = new ArrayList<>();
		json.get("images").forEach(node -> references.add(node.stringValue()));
		assertThat(references)
			.containsExactlyElementsOf(expected.exported(Filters.none()).stream().map(ExpectedExport::reference).toList())
			.contains("registry.test/team/clean:2.0@sha256:" + "b".repeat(64));
	}

	@Test
	void imagesWithoutCvesAreLeftOutOfTheCsvFilesOnly() throws IOException {
		assertThat(Files.readString(set.resolve("images.csv"))).doesNotContain("team/clean");
		assertThat(Files.readString(set.resolve("image-cves.csv"))).doesNotContain("team/clean");
		assertThat(Files.readString(set.resolve("images.json"))).contains("team/clean");
	}

	@Test
	void unknownImagesAreExportedOnlyWhenNamed() throws IOException {
		assertThat(Files.readString(set.resolve("image-cves.csv"))).doesNotContain("team/unknown");
		Path withUnknown = export("results=UNKNOWN,FAIL");
		Filters filters = new Filters(false, Set.of("UNKNOWN", "FAIL"), null, null, null, null, false);
		List<List<String>> rows = expected.imageCves(filters);
		assertThat(rows).anyMatch(row -> row.get(1).equals("team/unknown") && row.get(4).equals("UNKNOWN"));
		assertThat(read(withUnknown.resolve("image-cves.csv"), CsvReports.IMAGE_CVES_HEADER))
			.containsExactlyElementsOf(rows);
		assertThat(read(withUnknown.resolve("images.csv"), CsvReports.IMAGES_HEADER))
			.containsExactlyElementsOf(expected.images(filters));
	}

	static Stream<Arguments> filters() {
		Filters none = Filters.none();
		return Stream.of(
				Arguments.of("view=running", new Filters(true, none.results(), null, null, null, null, false)),
				Arguments.of("results=FAIL", new Filters(false, Set.of("FAIL"), null, null, null, null, false)),
				Arguments.of("results=pass,warn", new Filters(false, Set.of("PASS", "WARN"), null, null, null, null,
						false)),
				Arguments.of("registry=registry.test",
						new Filters(false, none.results(), "registry.test", null, null, null, false)),
				Arguments.of("registry=", new Filters(false, none.results(), "", null, null, null, false)),
				Arguments.of("repository=team/*", new Filters(false, none.results(), null, Pattern.compile("team/.*"),
						null, null, false)),
				Arguments.of("repository=*o?e*", new Filters(false, none.results(), null, Pattern.compile(".*o.e.*"),
						null, null, false)),
				Arguments.of("min-cvss=9.0", new Filters(false, none.results(), null, null, new BigDecimal("9.0"),
						null, false)),
				Arguments.of("min-epss=0.5", new Filters(false, none.results(), null, null, null,
						new BigDecimal("0.5"), false)),
				Arguments.of("kev-only=true", new Filters(false, none.results(), null, null, null, null, true)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("filters")
	void eachFilterExportsExactlyWhatItSelects(String parameter, Filters filters) throws IOException {
		Path filtered = export(parameter);
		List<List<String>> cves = expected.imageCves(filters);
		assertThat(cves).as("the filter leaves some rows").isNotEmpty();
		assertThat(cves.size()).as("and drops some").isLessThan(expected.imageCves(Filters.none()).size());
		assertThat(read(filtered.resolve("image-cves.csv"), CsvReports.IMAGE_CVES_HEADER)).containsExactlyElementsOf(cves);
		assertThat(read(filtered.resolve("images.csv"), CsvReports.IMAGES_HEADER))
			.containsExactlyElementsOf(expected.images(filters));
		List<String> references = new ArrayList<>();
		JsonMapper.shared()
			.readTree(filtered.resolve("images.json").toFile())
			.get("images")
			.forEach(node -> references.add(node.stringValue()));
		assertThat(references)
			.containsExactlyElementsOf(expected.exported(filters).stream().map(ExpectedExport::reference).toList());
	}

	@Test
	void formatsWritesOnlyTheNamedFilesAndTheManifest() throws IOException {
		Path only = export("formats=images.json,summary.json");
		try (Stream<Path> files = Files.list(only)) {
			assertThat(files.map(file -> file.getFileName().toString()))
				.containsExactlyInAnyOrder("images.json", "summary.json", "manifest.json");
		}
	}

	@Test
	void cellsStartingWithFormulaCharactersAreNeutralised() throws IOException {
		String text = Files.readString(set.resolve("image-cves.csv"), StandardCharsets.UTF_8);
		String line = text.lines().filter(l -> l.contains("team/formula") && l.contains("HYPERLINK")).findFirst()
			.orElseThrow();
		assertThat(line).contains("\"'=HYPERLINK(\"\"http://example.com\"\",\"\"x\"\")\"", ",'+1.0,", ",'-2.0,",
				",'@accepted: not reachable,");
		for (CSVRecord record : records(set.resolve("image-cves.csv"))) {
			for (String cell : record) {
				assertThat(cell).as(record.toString()).doesNotStartWith("=").doesNotStartWith("+")
					.doesNotStartWith("-").doesNotStartWith("@");
			}
		}
	}

	@Test
	void tagsCellIsAJsonListQuotedAsRfc4180Says() throws IOException {
		Image tagged = expected.images.values()
			.stream()
			.filter(image -> image.tags().contains("zz-extra"))
			.findFirst()
			.orElseThrow();
		assertThat(tagged.tags()).hasSizeGreaterThan(1);
		String cell = "\"[" + String.join(",", tagged.tags().stream().map(t -> "\"\"" + t + "\"\"").toList()) + "]\"";
		assertThat(Files.readString(set.resolve("image-cves.csv"))).contains("," + cell + ",");
		assertThat(records(set.resolve("image-cves.csv"))).anyMatch(record -> record.get(2)
			.equals(ExpectedExport.tags(tagged)));
	}

	@Test
	void manifestListsEveryFileWithRowsAndHashAndWhatTheSetWasMadeFrom() throws IOException {
		JsonNode manifest = JsonMapper.shared().readTree(set.resolve("manifest.json").toFile());
		List<String> names = new ArrayList<>();
		for (JsonNode file : manifest.get("files")) {
			String name = file.get("name").stringValue();
			names.add(name);
			Path path = set.resolve(name);
			assertThat(file.get("sha256").stringValue()).as(name).isEqualTo(sha256(path));
			assertThat(file.get("bytes").asLong()).as(name).isEqualTo(Files.size(path));
		}
		assertThat(names).containsExactly("images.csv", "image-cves.csv", "images.json", "summary.json", "summary.html");
		assertThat(manifest.get("files").get(1).get("rows").asLong())
			.isEqualTo(expected.imageCves(Filters.none()).size());
		assertThat(manifest.get("files").get(0).get("rows").asLong()).isEqualTo(expected.images(Filters.none()).size());
		assertThat(manifest.get("files").get(2).get("rows").asLong())
			.isEqualTo(expected.exported(Filters.none()).size());
		assertThat(manifest.at("/filters/results").toString()).isEqualTo("[\"PASS\",\"WARN\",\"FAIL\"]");
		assertThat(manifest.at("/thresholds/warn").decimalValue()).isEqualByComparingTo("7.0");
		assertThat(manifest.at("/thresholds/fail").decimalValue()).isEqualByComparingTo("8.0");
		assertThat(manifest.at("/feeds/epss/modelVersion").stringValue()).isEqualTo(dev.assay.testing.EpssFiles.MODEL);
		assertThat(manifest.at("/feeds/epss/scoreDate").stringValue()).isEqualTo("2026-11-28");
		assertThat(manifest.at("/feeds/kev/catalogVersion").stringValue()).isEqualTo("2026.11.28");
		assertThat(manifest.get("assayVersion").stringValue()).isNotEmpty();
		assertThat(manifest.get("startedAt").stringValue()).isLessThanOrEqualTo(manifest.get("endedAt").stringValue());
	}

	@Test
	void summaryCountsTheExportedImagesAndRanksWhatToFixFirst() {
		JsonNode summary = JsonMapper.shared().readTree(set.resolve("summary.json").toFile());
		List<Image> exported = expected.exported(Filters.none());
		assertThat(summary.get("images").asLong()).isEqualTo(exported.size());
		for (String result : List.of("PASS", "WARN", "FAIL", "UNKNOWN")) {
			assertThat(summary.at("/byResult/" + result).asLong()).as(result)
				.isEqualTo(exported.stream().filter(image -> expected.result(image).equals(result)).count());
		}
		for (JsonNode registry : summary.get("byRegistry")) {
			assertThat(registry.get("images").asLong()).as(registry.toString())
				.isEqualTo(exported.stream()
					.filter(image -> image.registry().equals(registry.get("registry").stringValue()))
					.count());
		}
		List<String> fixFirst = new ArrayList<>();
		summary.get("fixFirst").forEach(f -> fixFirst.add(f.get("image").stringValue() + " " + f.get("cve").stringValue()));
		assertThat(fixFirst).containsExactlyElementsOf(expected.fixFirst(Filters.none()));
		assertThat(summary.at("/fixFirst/0/kev").asBoolean()).as("KEV first").isTrue();
		assertThat(summary.at("/changes/previous").isNull()).as("the first set has nothing to compare with").isTrue();
	}

	@Test
	void summaryHtmlRendersInHeadlessChromiumWithoutConsoleErrors(@TempDir Path browser) throws Exception {
		Path html = set.resolve("summary.html");
		String page = Files.readString(html);
		assertThat(page).as("self-contained").doesNotContain("<script", "<link", "src=", "href=", "@import", "url(");
		Path screenshot = Path.of("target", "summary.png").toAbsolutePath();
		Files.deleteIfExists(screenshot);

		Chromium.Run shot = Chromium.run(html, browser.resolve("profile"), "--window-size=1280,2400",
				"--screenshot=" + screenshot);
		Chromium.Run dom = Chromium.run(html, browser.resolve("profile"), "--dump-dom");

		assertThat(shot.exitCode()).as(shot.log()).isZero();
		assertThat(shot.consoleLines()).isEmpty();
		assertThat(dom.consoleLines()).isEmpty();
		assertThat(Files.size(screenshot)).isGreaterThan(10_000);
		assertThat(dom.out()).contains("<svg").contains("<rect").contains("Fix first");
		for (String result : List.of("PASS", "WARN", "FAIL")) {
			long count = expected.exported(Filters.none()).stream().filter(i -> expected.result(i).equals(result)).count();
			assertThat(dom.out()).contains("<b>" + count + "</b>" + result);
		}
	}

	@Test
	void badParameterIsAUsageErrorNamingIt() {
		Cli.Result result = cli.run("run", "export", "min-cvss=eleven");
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("min-cvss").contains("eleven");
		Cli.Result unknown = cli.run("run", "export", "colour=red");
		assertThat(unknown.exitCode()).isEqualTo(2);
		assertThat(unknown.err()).contains("colour");
	}

	static List<List<String>> read(Path file, String[] header) throws IOException {
		List<CSVRecord> records = records(file);
		assertThat(records.get(0).values()).as("header of " + file.getFileName()).containsExactly(header);
		return records.subList(1, records.size()).stream().map(record -> List.of(record.values())).toList();
	}

	static List<CSVRecord> records(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
				CSVParser parser = CSVFormat.RFC4180.parse(reader)) {
			return parser.getRecords();
		}
	}

	static String sha256(Path file) throws IOException {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
