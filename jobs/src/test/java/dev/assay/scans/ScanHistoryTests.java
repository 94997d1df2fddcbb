package dev.assay.scans;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.assay.testing.Cli;
import dev.assay.testing.Fixtures;
import dev.assay.testing.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static dev.assay.scans.ScanImportFixtureTests.time;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What later imports do to what earlier ones left: the same files again change nothing, a newer
 * scan of an image replaces its findings, an older one is kept as history only, tags add up and
 * move to the newest image of their repository.
 */
class ScanHistoryTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** A real report with a time stamp and a repository digest. */
	private static final String FIXTURE = "grype/defectdojo/issue_9618.json";

	@TempDir
	Path home;

	Cli cli;

	Sql sql;

	@BeforeEach
	void database() {
		this.cli = new Cli("scan_history", this.home);
		this.sql = new Sql(this.cli.jdbcUrl());
	}

	@Test
	void importingTheSameFolderTwiceChangesNothing() throws IOException {
		// given
		Path dir = this.home.resolve("reports");
		for (String fixture : List.of(FIXTURE, "grype/defectdojo/no_vuln.json",
				"trivy/aquasecurity-trivy/alpine-310.json.golden", "cyclonedx/defectdojo/issue_9277.json")) {
			Files.createDirectories(dir);
			Files.copy(Fixtures.file(fixture), dir.resolve(Path.of(fixture).getFileName()));
		}
		TestReports.write(dir, "truncated.json", Files.readString(Fixtures.file(FIXTURE)).substring(0, 5000));
		Cli.Result first = this.cli.run("run", "scan-import", "dir=" + dir);
		String before = TestReports.dump(this.sql);

		// when
		Cli.Result second = this.cli.run("run", "scan-import", "dir=" + dir);

		// then
		assertThat(first.out()).as(first.out() + first.err()).contains("5 files, 4 imported");
		assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
		assertThat(second.out()).contains("5 files, 0 imported (0 findings; ")
			.contains("4 already imported, 1 failed")
			.contains("failed: " + dir.resolve("truncated.json") + " ends in the middle of its JSON (line ");
		assertThat(TestReports.dump(this.sql)).isEqualTo(before);
	}

	@Test
	void newerScanOfAnImageReplacesItsFindings() throws IOException {
		// given
		JsonNode base = JSON.readTree(Fixtures.file(FIXTURE));
		JsonNode newer = edited(base, 1, 0);
		importFile("v1.json", base);
		List<Object> before = image();

		// when
		Cli.Result result = importFile("v2.json", newer);

		// then
		RawReport expected = RawReport.grype(newer);
		long newScan = scanOf("v2.json");
		List<Object> after = image();
		assertThat(result.out()).contains("1 imported (" + expected.findingCount() + " findings; 1 became their image's"
				+ " current scan, 0 are history only)");
		assertThat(after.get(0)).as("same image").isEqualTo(before.get(0));
		assertThat(after.get(1)).as("current scan").isEqualTo(newScan);
		assertThat(time(after.get(2))).as("last scanned").isEqualTo(time(scanTime(newScan)));
		assertThat(time(after.get(3))).as("changed at").isAfter(time(before.get(3)));
		assertThat(this.sql.count("SELECT COUNT(*) FROM finding")).isEqualTo(expected.findingCount())
			.isEqualTo(this.sql.count("SELECT COUNT(*) FROM finding WHERE scan_id = " + newScan))
			.isLessThan(RawReport.grype(base).findingCount());
		assertThat(scoreById()).isEqualTo(rounded(expected.scoreById()));
		assertThat(this.sql.count("SELECT COUNT(*) FROM scan WHERE image_id = " + before.get(0))).isEqualTo(2);
	}

	@Test
	void olderScanOfAnImageIsKeptAsHistoryOnly() throws IOException {
		// given
		JsonNode base = JSON.readTree(Fixtures.file(FIXTURE));
		JsonNode older = edited(base, -1, 1);
		importFile("v1.json", base);
		List<Object> image = image();
		String findings = findings();

		// when
		Cli.Result result = importFile("v0.json", older);

		// then
		assertThat(result.out()).contains("1 imported (0 findings; 0 became their image's current scan, 1 are history"
				+ " only)");
		assertThat(image()).isEqualTo(image);
		assertThat(findings()).isEqualTo(findings);
		assertThat(this.sql.rows("SELECT image_id, finding_count FROM scan WHERE id = " + scanOf("v0.json")))
			.containsExactly(List.of(image.get(0), RawReport.grype(older).findingCount()));
		assertThat(this.sql.count("SELECT COUNT(*) FROM scan_file WHERE status = 'IMPORTED'")).isEqualTo(2);
	}

	@Test
	void tagsAddUpAndMoveToTheNewestImageOfTheirRepository() {
		char a = 'a';
		char b = 'b';
		char c = 'c';
		importApp("a1", a, "2025-01-01T00:00:00Z", "1.0", "latest");
		LocalDateTime aChanged = changedAt(a);

		importApp("b1", b, "2025-01-02T00:00:00Z", "1.1", "latest");
		assertThat(tags()).isEqualTo(Map.of(a, List.of("1.0"), b, List.of("1.1", "latest")));
		assertThat(changedAt(a)).as("an image that lost a tag changed").isAfter(aChanged);

		importApp("c", c, "2025-01-01T12:00:00Z", "latest", "1.0.1");
		importApp("a0", a, "2024-12-31T00:00:00Z", "0.9");
		importApp("a2", a, "2025-01-03T00:00:00Z", "1.0-r1");

		assertThat(tags()).as("an older report moves no tag and adds none")
			.isEqualTo(Map.of(a, List.of("1.0", "1.0-r1"), b, List.of("1.1", "latest"), c, List.of("1.0.1")));
	}

	@Test
	void tagGivenToTwoImagesInOneRunGoesToTheNewerScanWhateverTheOrderOfTheFiles() {
		Path dir = this.home.resolve("reports");
		TestReports.write(dir, "1.json", TestReports.grype("app", TestReports.digest('d'), List.of("latest", "2.0"),
				"2025-02-01T00:00:00Z", "CVE-2025-1"));
		TestReports.write(dir, "2.json", TestReports.grype("app", TestReports.digest('e'), List.of("latest", "1.0"),
				"2025-01-01T00:00:00Z", "CVE-2025-1"));

		Cli.Result result = this.cli.run("run", "scan-import", "dir=" + dir);

		assertThat(result.out()).as(result.out() + result.err()).contains("2 files, 2 imported");
		assertThat(tags()).isEqualTo(Map.of('d', List.of("2.0", "latest"), 'e', List.of("1.0")));
	}

	@Test
	void imageWithoutDigestIsKeyedByItsNameAndHoldsTheTagsOfItsCurrentScan() {
		importReport("web1", TestReports.grype("web", null, List.of("1.0"), "2025-01-01T00:00:00Z", "CVE-2025-1"));
		importReport("web2", TestReports.grype("web", null, List.of("2.0"), "2025-01-02T00:00:00Z", "CVE-2025-2"));

		assertThat(this.sql.rows("SELECT registry, repository, digest, digest_kind FROM image"))
			.containsExactly(Arrays.asList("registry.example.com", "team/web", "", null));
		assertThat(this.sql.rows("SELECT tag FROM image_tag")).containsExactly(List.of("2.0"));
		assertThat(this.sql.rows("SELECT vuln_id FROM finding")).containsExactly(List.of("CVE-2025-2"));
	}

	@Test
	void runStoppedByTheDatabaseResumesAndImportsEveryFileOnce() {
		// given: a chunk and 5 reports more, the 3rd of those in the second chunk, which the database refuses once
		int chunk = ScanImportJobConfiguration.REPORTS_PER_CHUNK;
		int files = chunk + 5;
		int refused = chunk + 3;
		Path dir = this.home.resolve("reports");
		for (int i = 1; i <= files; i++) {
			TestReports.write(dir, "report-%02d.json".formatted(i), TestReports.grype("app" + i, TestReports.digest('a'),
					List.of("1." + i), "2025-01-01T00:00:00Z", "CVE-2025-1", (i == refused) ? "CVE-2025-99999" : "CVE-2025-2"));
		}
		assertThat(this.cli.run("jobs").exitCode()).isZero();
		this.sql.execute("""
				CREATE TRIGGER refuse_one BEFORE INSERT ON finding FOR EACH ROW BEGIN
					IF NEW.vuln_id = 'CVE-2025-99999' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'disk full (test)';
					END IF; END""");
		Cli.Result stopped = this.cli.run("run", "scan-import", "dir=" + dir);
		assertThat(stopped.exitCode()).isEqualTo(1);
		assertThat(stopped.out()).contains("Could not write the 5 reports "
				+ dir.resolve("report-%02d.json".formatted(chunk + 1)) + " to "
				+ dir.resolve("report-%02d.json".formatted(files)) + " to the database: ")
			.contains("disk full (test)")
			.contains("Run scan-import again with the same parameters");
		assertThat(this.sql.count("SELECT COUNT(*) FROM scan")).isEqualTo(chunk);

		// when
		this.sql.execute("DROP TRIGGER refuse_one");
		Cli.Result resumed = this.cli.run("run", "scan-import", "dir=" + dir);

		// then
		assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
		assertThat(resumed.out()).contains(files + " files, 5 imported").contains(chunk + " already imported, 0 failed");
		assertThat(this.sql.count("SELECT COUNT(*) FROM scan")).isEqualTo(files);
		assertThat(this.sql.count("SELECT COUNT(DISTINCT source) FROM scan")).isEqualTo(files);
		assertThat(this.sql.count("SELECT COUNT(*) FROM scan_file WHERE status = 'IMPORTED'")).isEqualTo(files);
		assertThat(this.sql.count("SELECT COUNT(*) FROM finding")).isEqualTo(2L * files);
	}

	/**
	 * The report with its time stamp moved by {@code days} and the match at {@code drop} left out,
	 * as a rescan would show it after one package was fixed.
	 */
	private static JsonNode edited(JsonNode report, int days, int drop) {
		ObjectNode copy = (ObjectNode) report.deepCopy();
		ArrayNode matches = (ArrayNode) copy.path("matches");
		matches.remove(drop);
		ObjectNode descriptor = (ObjectNode) copy.path("descriptor");
		descriptor.put("timestamp",
				OffsetDateTime.parse(descriptor.path("timestamp").asString()).plusDays(days).toString());
		return copy;
	}

	private Cli.Result importFile(String name, JsonNode report) throws IOException {
		Path file = this.home.resolve("reports").resolve(name);
		Files.createDirectories(file.getParent());
		JSON.writeValue(file, report);
		Cli.Result result = this.cli.run("run", "scan-import", "file=" + file);
		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		return result;
	}

	/** Imports a report of {@code registry.example.com/team/app} with the digest of that hex digit. */
	private void importApp(String name, char digest, String timestamp, String... tags) {
		importReport(name, TestReports.grype("app", TestReports.digest(digest), List.of(tags), timestamp, "CVE-2025-1"));
	}

	private void importReport(String name, String json) {
		Path file = TestReports.write(this.home.resolve("reports"), name + ".json", json);
		Cli.Result result = this.cli.run("run", "scan-import", "file=" + file);
		assertThat(result.out()).as(result.out() + result.err()).contains("1 files, 1 imported");
	}

	/** id, current scan, last scanned, changed at, scan status, digest kind of the only image. */
	private List<Object> image() {
		return this.sql.rows("SELECT id, current_scan_id, last_scanned, changed_at, scan_status, digest_kind FROM image")
			.get(0);
	}

	private long scanOf(String name) {
		return this.sql.count("SELECT id FROM scan WHERE source LIKE '%/" + name + "'");
	}

	private Object scanTime(long scan) {
		return this.sql.value("SELECT scanned_at FROM scan WHERE id = " + scan);
	}

	private String findings() {
		return this.sql.rows("SELECT * FROM finding ORDER BY id").toString();
	}

	private LocalDateTime changedAt(char digest) {
		return time(this.sql.value("SELECT changed_at FROM image WHERE digest = '" + TestReports.digest(digest) + "'"));
	}

	/** The tags of each image, by the letter of its digest. */
	private Map<Character, List<String>> tags() {
		Map<Character, List<String>> tags = new TreeMap<>();
		this.sql.rows("SELECT i.digest, t.tag FROM image i JOIN image_tag t ON t.image_id = i.id ORDER BY i.digest, t.tag")
			.forEach(row -> tags.computeIfAbsent(((String) row.get(0)).charAt(7), key -> new ArrayList<>())
				.add((String) row.get(1)));
		return tags;
	}

	private Map<String, BigDecimal> scoreById() {
		Map<String, BigDecimal> scores = new TreeMap<>();
		this.sql.rows("SELECT vuln_id, MAX(cvss3_score) FROM finding GROUP BY vuln_id")
			.forEach(row -> scores.put((String) row.get(0), (BigDecimal) row.get(1)));
		return scores;
	}

	private static Map<String, BigDecimal> rounded(Map<String, Double> scores) {
		Map<String, BigDecimal> rounded = new TreeMap<>();
		scores.forEach((id, score) -> rounded.put(id,
				(score != null) ? BigDecimal.valueOf(score).setScale(1, RoundingMode.HALF_UP) : null));
		return rounded;
	}

}
