package dev.assay.assessment;

import java.nio.file.Path;
import java.util.List;

import dev.assay.assessment.ScanRows.Image;
import dev.assay.testing.Cli;
import dev.assay.testing.Sql;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thresholds: a change re-assesses every image by itself, each image keeps the thresholds of its
 * result, and thresholds outside {@code 0.0 <= warn <= fail <= 10.0} stop assay from starting.
 */
class ThresholdTests {

	private static final String WARN = "--assay.assessment.warn-threshold=";

	private static final String FAIL = "--assay.assessment.fail-threshold=";

	@TempDir
	static Path home;

	static Cli cli;

	static Sql sql;

	@BeforeAll
	static void database() {
		cli = new Cli("assess_thresholds", home);
		assertThat(cli.run("jobs").exitCode()).isZero();
		sql = new Sql(cli.jdbcUrl());
	}

	@Test
	void theSameImageGoesFromPassToWarnToFailAsThresholdsComeDown() {
		// given: an image whose highest score is 7.5
		ScanRows scans = new ScanRows(sql);
		Image image = scans.scanned("registry.example.com", "payments/api", "v3");
		scans.cve(image, "CVE-2024-21626", "7.5");
		scans.cve(image, "CVE-2023-44487", "5.3");
		String[][] thresholds = { { "8.0", "9.0" }, { "7.0", "8.0" }, { "6.0", "7.5" } };
		String previous = null;
		for (String[] threshold : thresholds) {
			String expected = (String) ExpectedResult.of(image, scans.findingsOf(image), finding -> false, threshold[0],
					threshold[1]).get(0);

			// when
			Cli.Result result = cli.run("run", "assess", WARN + threshold[0], FAIL + threshold[1]);

			// then
			assertThat(result.exitCode()).as(result.err()).isZero();
			assertThat(result.out()).contains(previous == null ? "because of NEW_SCAN" : "because of THRESHOLDS");
			assertThat(sql.rows("SELECT result, warn_threshold, fail_threshold FROM image_assessment WHERE image_id = "
					+ image.id())).singleElement().asString().isEqualTo("[%s, %s, %s]", expected, threshold[0], threshold[1]);
			assertThat(sql.rows("SELECT old_result, new_result, reason FROM result_change WHERE image_id = " + image.id()
					+ " ORDER BY id DESC LIMIT 1")).singleElement().asString()
				.isEqualTo("[%s, %s, %s]", previous, expected, (previous == null) ? "NEW_SCAN" : "THRESHOLDS");
			previous = expected;
		}
		assertThat(previous).isEqualTo("FAIL");
		assertThat(sql.rows("SELECT new_result FROM result_change WHERE image_id = " + image.id() + " ORDER BY id"))
			.map(row -> row.get(0))
			.containsExactly("PASS", "WARN", "FAIL");
	}

	@ParameterizedTest(name = "warn {0}, fail {1}: {2}")
	@CsvSource(delimiter = '|', textBlock = """
			9.0  | 8.0  | assay.assessment.warn-threshold (9.0) is above assay.assessment.fail-threshold (8.0)
			-0.1 | 8.0  | assay.assessment.warn-threshold is -0.1; it must be a CVSS score from 0.0 to 10.0
			7.0  | 10.1 | assay.assessment.fail-threshold is 10.1; it must be a CVSS score from 0.0 to 10.0
			7.05 | 8.0  | assay.assessment.warn-threshold is 7.05; CVSS scores have one decimal
			high | 8.0  | assay.assessment.warn-threshold
			7.0  | NaN  | assay.assessment.fail-threshold
			7.0  | 8,5  | assay.assessment.fail-threshold
			""")
	void invalidThresholdsRefuseToStartWithTheProperty(String warn, String fail, String message) {
		long results = sql.count("SELECT COUNT(*) FROM image_assessment");

		Cli.Result result = cli.run("run", "assess", WARN + warn, FAIL + fail);

		assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(2);
		assertThat(result.err()).contains(message);
		assertThat(result.out()).isEmpty();
		assertThat(sql.count("SELECT COUNT(*) FROM image_assessment")).isEqualTo(results);
	}

	@Test
	void thresholdsCommandPrintsTheThresholdsInEffect() {
		assertThat(cli.run("thresholds").out()).isEqualTo(lines("warn 7.0", "fail 8.0"));
		assertThat(cli.run("thresholds", WARN + "6.5", FAIL + "9").out()).isEqualTo(lines("warn 6.5", "fail 9.0"));

		Cli.Result json = cli.run("thresholds", "--json", WARN + "4.0");

		assertThat(json.exitCode()).isZero();
		JsonNode thresholds = JsonMapper.shared().readTree(json.out());
		assertThat(thresholds.get("warnThreshold").decimalValue()).isEqualByComparingTo("4.0");
		assertThat(thresholds.get("failThreshold").decimalValue()).isEqualByComparingTo("8.0");
	}

	@Test
	void thresholdsCommandRefusesInvalidThresholds() {
		Cli.Result result = cli.run("thresholds", WARN + "8.5");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("assay.assessment.warn-threshold (8.5) is above");
	}

	private static String lines(String... lines) {
		return String.join(System.lineSeparator(), List.of(lines)) + System.lineSeparator();
	}

}
