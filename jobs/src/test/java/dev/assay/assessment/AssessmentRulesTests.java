package dev.assay.assessment;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.assay.assessment.ScanRows.Image;
import dev.assay.testing.Cli;
import dev.assay.testing.Sql;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules that turn an image's findings into its result and counts, with the default thresholds
 * (warn 7.0, fail 8.0): each image is assessed once by {@code assay run assess}, then compared
 * with what the rules give for the rows the test wrote.
 */
class AssessmentRulesTests {

	/** Score, band it counts in, result at warn 7.0 and fail 8.0; {@code null} is no v3 score. */
	private static final List<Boundary> BOUNDARIES = List.of(new Boundary("0.0", "none", "PASS"),
			new Boundary("0.1", "low", "PASS"), new Boundary("3.9", "low", "PASS"),
			new Boundary("4.0", "medium", "PASS"), new Boundary("6.9", "medium", "PASS"),
			new Boundary("7.0", "high", "WARN"), new Boundary("7.9", "high", "WARN"),
			new Boundary("8.0", "high", "FAIL"), new Boundary("8.9", "high", "FAIL"),
			new Boundary("9.0", "critical", "FAIL"), new Boundary(null, "none", "PASS"));

	private static final List<String> BANDS = List.of("critical", "high", "medium", "low", "none");

	@TempDir
	static Path home;

	static Sql sql;

	static ScanRows scans;

	static Map<Boundary, Image> boundaryImages = new LinkedHashMap<>();

	static Cli.Result run;

	@BeforeAll
	static void assessOnce() {
		Cli cli = new Cli("assess_rules", home);
		assertThat(cli.run("jobs").exitCode()).isZero();
		sql = new Sql(cli.jdbcUrl());
		scans = new ScanRows(sql);
		int n = 0;
		for (Boundary boundary : BOUNDARIES) {
			Image image = scans.scanned("registry.example.com", "boundaries/score-" + boundary.score(), "v1");
			scans.cve(image, "CVE-2024-" + (1000 + n++), boundary.score());
			boundaryImages.put(boundary, image);
		}
		Image severalPackages = scans.scanned("registry.example.com", "shop/cart", "v2", "latest");
		scans.finding(severalPackages, "CVE-2024-3094", "CVE-2024-3094", "xz-utils", "5.0");
		scans.finding(severalPackages, "CVE-2024-3094", "CVE-2024-3094", "liblzma5", "9.1");
		scans.finding(severalPackages, "CVE-2024-3094", "CVE-2024-3094", "xz-libs", null);
		scans.finding(severalPackages, "CVE-2023-4863", "CVE-2023-4863", "libwebp7", "7.5");
		scans.finding(severalPackages, "CVE-2023-4863", "CVE-2023-4863", "chromium", "7.5");
		scans.finding(severalPackages, "GHSA-jfh8-c2jp-5v3q", "CVE-2021-44228", "log4j-core", "3.0");
		scans.finding(severalPackages, "GHSA-jfh8-c2jp-5v3q", "CVE-2021-44228", "log4j-api", "0.0");
		scans.finding(severalPackages, "CVE-2022-0001", "CVE-2022-0001", "linux", null);
		scans.finding(severalPackages, "CVE-2022-0001", "CVE-2022-0001", "linux-headers", "0.0");
		scans.scanned("", "library/busybox", "1.36");
		Image failed = scans.unscanned("ghcr.io", "acme/huge", "FAILED", "grype exited with 1: image too large");
		scans.cve(failed, "CVE-2024-9999", "9.8");
		scans.unscanned("ghcr.io", "acme/private", "NOT_SCANNED", "registry answered 401: no credentials");
		run = cli.run("run", "assess");
	}

	@Test
	void assessesEveryImageAndSaysWhy() {
		assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
		assertThat(run.out()).contains("Assessed " + scans.images().size() + " images because of NEW_SCAN");
		assertThat(sql.count("SELECT COUNT(*) FROM image_assessment")).isEqualTo(scans.images().size());
	}

	static Stream<Arguments> boundaries() {
		return BOUNDARIES.stream().map(b -> Arguments.of(b.score(), b.band(), b.result()));
	}

	@ParameterizedTest(name = "score {0} counts as {1} and gives {2}")
	@MethodSource("boundaries")
	void scoreBoundaries(String score, String band, String result) {
		Image image = boundaryImages.get(new Boundary(score, band, result));
		List<Object> stored = ExpectedResult.stored(sql, image);
		assertThat(stored.get(0)).isEqualTo(result);
		assertThat(String.valueOf(stored.get(2))).as("max CVSS").isEqualTo(String.valueOf(score));
		for (int i = 0; i < BANDS.size(); i++) {
			assertThat(stored.get(3 + i)).as(BANDS.get(i)).isEqualTo(BANDS.get(i).equals(band) ? 1 : 0);
		}
	}

	@Test
	void everyImageHoldsWhatTheRulesGiveForItsRows() {
		for (Image image : scans.images()) {
			assertThat(ExpectedResult.stored(sql, image)).as("image %d %s", image.id(), image.repository())
				.isEqualTo(ExpectedResult.of(image, scans.findingsOf(image), finding -> false, "7.0", "8.0"));
		}
	}

	@Test
	void anIdInSeveralPackagesCountsOnceAtItsHighestScore() {
		Image image = image("shop/cart");
		// CVE-2024-3094 at 9.1, CVE-2023-4863 at 7.5, the GHSA at 3.0, CVE-2022-0001 with no score above 0
		assertThat(sql.rows("SELECT max_cvss, critical, high, medium, low, none, result FROM image_assessment"
				+ " WHERE image_id = " + image.id()).get(0)).map(String::valueOf)
			.containsExactly("9.1", "1", "1", "0", "1", "1", "FAIL");
	}

	@Test
	void anImageWithoutACompleteScanIsUnknownAndKeepsItsReason() {
		for (Image image : List.of(image("acme/huge"), image("acme/private"))) {
			assertThat(sql.rows("SELECT result, unknown_reason FROM image_assessment WHERE image_id = " + image.id())
				.get(0)).containsExactly("UNKNOWN", image.unknownReason());
		}
	}

	@Test
	void anImageWithoutFindingsPasses() {
		Image image = image("library/busybox");
		assertThat(scans.findingsOf(image)).isEmpty();
		assertThat(ExpectedResult.stored(sql, image)).containsExactly("PASS", null, null, 0, 0, 0, 0, 0);
	}

	@Test
	void eachImageKeepsTheThresholdsItWasAssessedWith() {
		assertThat(sql.rows("SELECT DISTINCT warn_threshold, fail_threshold FROM image_assessment"))
			.singleElement()
			.asString()
			.isEqualTo("[7.0, 8.0]");
	}

	@Test
	void everyFirstResultIsRecordedAsANewScan() {
		assertThat(sql.rows("SELECT image_id, old_result, new_result, reason FROM result_change ORDER BY image_id"))
			.hasSize(scans.images().size())
			.allSatisfy(change -> {
				assertThat(change.get(1)).isNull();
				assertThat(change.get(3)).isEqualTo("NEW_SCAN");
				assertThat(change.get(2)).isEqualTo(sql.value("SELECT result FROM image_assessment WHERE image_id = "
						+ change.get(0)));
			});
	}

	private static Image image(String repository) {
		return scans.images().stream().filter(image -> image.repository().equals(repository)).findFirst().orElseThrow();
	}

	record Boundary(String score, String band, String result) {
	}

}
