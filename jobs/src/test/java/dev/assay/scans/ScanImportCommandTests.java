package dev.assay.scans;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.assay.testing.Cli;
import dev.assay.testing.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where {@code scan-import} takes its reports from ({@code file=}, {@code dir=}, the import folder
 * under {@code assay.home}), how it refuses parameters that name nothing, and what
 * {@code assay status} then says about the scans.
 */
class ScanImportCommandTests {

	@TempDir
	Path home;

	Cli cli;

	Sql sql;

	@BeforeEach
	void database() {
		this.cli = new Cli("scan_command", this.home);
		this.sql = new Sql(this.cli.jdbcUrl());
	}

	@Test
	void fileParameterImportsThatFileOnly() {
		Path dir = this.home.resolve("reports");
		Path first = TestReports.write(dir, "first.json", report('a'));
		TestReports.write(dir, "second.json", report('b'));

		Cli.Result result = this.cli.run("run", "scan-import", "file=" + first);

		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(result.out()).contains("Scan reports from file " + first + ": 1 files, 1 imported");
		assertThat(this.sql.rows("SELECT source FROM scan")).containsExactly(List.of(first.toString()));
	}

	@Test
	void withoutParametersTheImportFolderUnderAssayHomeIsRead() throws Exception {
		Path folder = this.home.resolve("import");

		Cli.Result missing = this.cli.run("run", "scan-import");
		TestReports.write(folder.resolve("team"), "app.json", report('a'));
		Cli.Result imported = this.cli.run("run", "scan-import");

		assertThat(missing.exitCode()).isEqualTo(2);
		assertThat(missing.err()).contains("The import folder " + folder + " (assay.import.dir) does not exist. Create it");
		assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
		assertThat(imported.out()).contains("Scan reports from folder " + folder + ": 1 files, 1 imported");
		assertThat(Files.isDirectory(folder)).isTrue();
	}

	@Test
	void importFolderCanBeSetRelativeToAssayHome() {
		Path folder = this.home.resolve("drop");
		TestReports.write(folder, "app.json", report('a'));

		Cli.Result result = this.cli.run("run", "scan-import", "--assay.import.dir=drop");

		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(result.out()).contains("Scan reports from folder " + folder + ": 1 files, 1 imported");
	}

	@Test
	void parametersThatNameNoReportsAreBadUsage() {
		Path dir = this.home.resolve("reports");
		Path file = TestReports.write(dir, "app.json", report('a'));

		assertUsage(this.cli.run("run", "scan-import", "dir=" + dir, "file=" + file), "give dir= or file=, not both");
		assertUsage(this.cli.run("run", "scan-import", "dir=" + dir.resolve("absent")),
				"dir=" + dir.resolve("absent") + " does not exist");
		assertUsage(this.cli.run("run", "scan-import", "dir=" + file),
				"dir=" + file + " is not a folder; give a single report as file=" + file);
		assertUsage(this.cli.run("run", "scan-import", "file=" + dir.resolve("absent.json")),
				"file=" + dir.resolve("absent.json") + " does not exist");
		assertUsage(this.cli.run("run", "scan-import", "file=" + dir), "file=" + dir + " is a folder; give it as dir=");
		assertUsage(this.cli.run("run", "scan-import", "folder=" + dir), "unknown parameter 'folder'; allowed: dir, file");
		assertThat(this.sql.count("SELECT COUNT(*) FROM scan")).isZero();
	}

	@Test
	void statusShowsWhatWasImported() {
		Path dir = this.home.resolve("reports");
		TestReports.write(dir, "a.json", report('a'));
		TestReports.write(dir, "b.json", report('b'));
		TestReports.write(dir, "bad.json", "{\"matches\": [");
		assertThat(this.cli.run("status").out()).contains("scans: no scans imported yet; put reports in "
				+ this.home.resolve("import") + " and run: assay run scan-import");
		assertThat(this.cli.run("run", "scan-import", "dir=" + dir).exitCode()).isZero();

		JsonNode status = JsonMapper.builder().build().readTree(this.cli.run("status", "--json").out()).path("scans");
		String text = this.cli.run("status").out();

		assertThat(status.path("images").asLong()).isEqualTo(this.sql.count("SELECT COUNT(*) FROM image")).isEqualTo(2);
		assertThat(status.path("scanned").asLong()).isEqualTo(2);
		assertThat(status.path("findings").asLong()).isEqualTo(this.sql.count("SELECT COUNT(*) FROM finding"));
		assertThat(status.path("filesImported").asLong()).isEqualTo(2);
		assertThat(status.path("filesFailed").asLong()).isEqualTo(1);
		assertThat(status.path("lastImport").asString()).endsWith("Z");
		assertThat(text).contains("scans: 2 images (2 scanned), " + status.path("findings").asLong()
				+ " current findings; 2 report files imported, 1 failed; last import " + status.path("lastImport").asString());
	}

	private static String report(char digest) {
		return TestReports.grype("app", TestReports.digest(digest), List.of("1.0"), "2025-01-01T00:00:00Z", "CVE-2025-1",
				"CVE-2025-2");
	}

	private static void assertUsage(Cli.Result result, String message) {
		assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(2);
		assertThat(result.err()).contains(message);
	}

}
