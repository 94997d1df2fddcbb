package dev.assay.scans;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.assay.testing.Cli;
import dev.assay.testing.Fixtures;
import dev.assay.testing.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** A 50 MB Grype report, written here from a real one, is imported whole. */
class LargeReportImportTests {

	private static final long SIZE = 50L * 1024 * 1024;

	@TempDir
	Path home;

	@Test
	void fiftyMegabyteReportIsImported() throws Exception {
		// given
		JsonMapper json = JsonMapper.builder().build();
		JsonNode fixture = json.readTree(Fixtures.file("grype/defectdojo/issue_9618.json"));
		RawReport expected = RawReport.grype(fixture);
		int copies = (int) (SIZE / json.writeValueAsBytes(fixture.path("matches")).length) + 1;
		Path file = this.home.resolve("reports").resolve("large-grype.json");
		Files.createDirectories(file.getParent());
		LargeReportTests.writeCopies(fixture, copies, file);
		assertThat(Files.size(file)).isGreaterThanOrEqualTo(SIZE);
		Cli cli = new Cli("scan_large", this.home);

		// when
		Cli.Result result = cli.run("run", "scan-import", "file=" + file);

		// then
		Sql sql = new Sql(cli.jdbcUrl());
		long findings = (long) expected.findingCount() * copies;
		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(result.out()).contains("1 files, 1 imported (" + findings + " findings; 1 became");
		assertThat(sql.count("SELECT COUNT(*) FROM finding")).isEqualTo(findings);
		assertThat(sql.count("SELECT COUNT(DISTINCT vuln_id) FROM finding")).isEqualTo(expected.scoreById().size());
		assertThat(sql.count("SELECT finding_count FROM scan")).isEqualTo(findings);
	}

}
