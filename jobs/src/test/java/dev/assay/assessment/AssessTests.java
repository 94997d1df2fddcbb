package dev.assay.assessment;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.assay.testing.Cli;
import dev.assay.testing.EpssFiles;
import dev.assay.testing.Sql;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code assess} on rows written straight into the scan tables: every expected value is computed
 * here from the rows the test wrote, with the rules of DESIGN.md.
 */
class AssessTests {

	@TempDir
	Path home;

	private Cli cli;

	private Sql sql;

	private ScanRows rows;

	@BeforeEach
	void database() {
		this.cli = new Cli("assess", this.home);
		this.sql = new Sql(this.cli.jdbcUrl());
		assertThat(this.cli.run("jobs").exitCode()).isZero();
		this.rows = new ScanRows(this.sql);
	}

	@Test
	void bandsAndResultsFollowTheScoreBoundaries() {
		// given: one image per score, each with one finding
		String[] scores = { null, "0.0", "0.1", "3.9", "4.0", "6.9", "7.0", "7.9", "8.0", "8.9", "9.0", "10.0" };
		Map<Long, String> scoreOf = new LinkedHashMap<>();
		for (int i = 0; i < scores.length; i++) {
			long image = this.rows.image("reg.example", "app" + i, "sha256:" + i);
			this.rows.finding(image, "CVE-2024-" + (1000 + i), "pkg", scores[i]);
			scoreOf.put(image, scores[i]);
		}

		// when
		Cli.Result result = this.cli.run("run", "assess");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		scoreOf.forEach((image, score) -> {
			BigDecimal value = (score != null) ? new BigDecimal(score) : null;
			List<Object> row = assessment(image);
			assertThat(row.get(0)).as("result for " + score).isEqualTo(expectedResult(value, "7.0", "8.0"));
			assertThat(row.subList(2, 7)).as("bands for " + score).containsExactlyElementsOf(bands(value));
			assertThat(row.get(1)).as("max for " + score).isEqualTo(value);
		});
	}

	@Test
	void aVulnerabilityInSeveralPackagesCountsOnceAtItsHighestScore() {
		// given
		long image = this.rows.image("", "library/app", "sha256:aa");
		this.rows.finding(image, "CVE-2024-0001", "openssl", "5.0");
		this.rows.finding(image, "CVE-2024-0001", "libssl", "9.1");
		this.rows.finding(image, "CVE-2024-0002", "zlib", "7.5");
		this.rows.finding(image, "GHSA-xxxx-yyyy-zzzz", null, "jackson", new BigDecimal("7.1"));
		this.rows.finding(image, "CVE-2024-0003", "bash", null);

		// when
		assertThat(this.cli.run("run", "assess").exitCode()).isZero();

		// then: critical CVE-1 (9.1), high CVE-2 and the GHSA, none CVE-3
		assertThat(assessment(image)).containsExactly("FAIL", new BigDecimal("9.1"), 1, 2, 0, 0, 1, 0, null);
	}

	@Test
	void anImageWithoutACompleteScanIsUnknownWithItsReasonAndOneWithoutFindingsPasses() {
		// given
		long unknown = this.rows.imageWithStatus("reg.example", "broken", "sha256:b1", "FAILED",
				"scanner timed out after 10m");
		long clean = this.rows.image("reg.example", "clean", "sha256:c1");

		// when
		assertThat(this.cli.run("run", "assess").exitCode()).isZero();

		// then
		assertThat(this.sql.rows("SELECT result, unknown_reason FROM image_assessment WHERE image_id = " + unknown))
			.containsExactly(List.of("UNKNOWN", "scanner timed out after 10m"));
		assertThat(assessment(clean)).containsExactly("PASS", null, 0, 0, 0, 0, 0, 0, null);
		Cli.Result status = this.cli.run("status", "--json");
		assertThat(status.out()).contains("\"images\":{\"PASS\":1,\"WARN\":0,\"FAIL\":0,\"UNKNOWN\":1}");
	}

	@Test
	void theSameImageFlipsAsThresholdsMoveAndEachChangeIsRecorded() {
		// given
		long image = this.rows.image("reg.example", "app", "sha256:f1");
		this.rows.finding(image, "CVE-2024-0001", "pkg", "7.5");

		// when / then
		assertThat(this.cli.run("run", "assess", "--assay.assessment.warn-threshold=8.0",
				"--assay.assessment.fail-threshold=9.0").exitCode()).isZero();
		assertThat(assessment(image).get(0)).isEqualTo("PASS");
		assertThat(this.cli.run("run", "assess").exitCode()).isZero();
		assertThat(assessment(image).get(0)).isEqualTo("WARN");
		assertThat(this.cli.run("run", "assess", "--assay.assessment.fail-threshold=7.5").exitCode()).isZero();
		assertThat(assessment(image).get(0)).isEqualTo("FAIL");
		assertThat(this.sql.rows("SELECT old_result, new_result, reason FROM result_change WHERE image_id = " + image
				+ " ORDER BY id"))
			.containsExactly(java.util.Arrays.asList(null, "PASS", "NEW_SCAN"), List.of("PASS", "WARN", "THRESHOLDS"),
					List.of("WARN", "FAIL", "THRESHOLDS"));
		assertThat(this.sql.rows("SELECT warn_threshold, fail_threshold FROM image_assessment WHERE image_id = " + image))
			.containsExactly(List.of(new BigDecimal("7.0"), new BigDecimal("7.5")));
	}

	@Test
	void invalidThresholdsRefuseToStartNamingTheProperty() {
		Map<String[], String> cases = new LinkedHashMap<>();
		cases.put(new String[] { "--assay.assessment.warn-threshold=9.0", "--assay.assessment.fail-threshold=8.0" },
				"warn-threshold");
		cases.put(new String[] { "--assay.assessment.warn-threshold=-1" }, "warn-threshold");
		cases.put(new String[] { "--assay.assessment.fail-threshold=10.5" }, "fail-threshold");
		cases.put(new String[] { "--assay.assessment.fail-threshold=high" }, "fail-threshold");
		cases.forEach((args, property) -> {
			List<String> all = new ArrayList<>(List.of("thresholds"));
			all.addAll(List.of(args));
			Cli.Result result = this.cli.run(all.toArray(String[]::new));
			assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.err()).isEqualTo(2);
			assertThat(result.err()).as(String.join(" ", args)).contains(property);
		});
		Cli.Result valid = this.cli.run("thresholds", "--json", "--assay.assessment.warn-threshold=6.5");
		assertThat(valid.out().strip()).isEqualTo("{\"warn\":6.5,\"fail\":8.0}");
	}

	@Test
	void exceptionsApplyByScopeAndStopWhenExpired() throws Exception {
		// given: the same CVE at 9.8 in four images
		long anyImage = this.rows.image("reg.example", "other", "sha256:01");
		long repoImage = this.rows.image("reg.example", "team/api", "sha256:02", "v1");
		long taggedImage = this.rows.image("reg.example", "team/web", "sha256:03", "v2.3.4");
		long untaggedImage = this.rows.image("reg.example", "team/web", "sha256:04", "v9");
		for (long image : new long[] { anyImage, repoImage, taggedImage, untaggedImage }) {
			this.rows.finding(image, "CVE-2021-44228", "log4j-core", "10.0");
			this.rows.finding(image, "CVE-2022-0001", "other", "6.0");
		}
		assertThat(this.cli.run("run", "assess").exitCode()).isZero();
		String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
		Path exceptions = Files.writeString(this.home.resolve("exceptions.csv"), """
				CVE,Registry,Repository,Tags,Justification,Scope,Expires,Owner
				CVE-2021-44228,reg.example,team/api,[],not reachable in api,repo,,sec
				CVE-2021-44228,reg.example,team/web,"[""v2.3.4""]",patched in the image,image,,sec
				CVE-2021-44228,,,[],accepted everywhere until yesterday,any,%s,sec
				""".formatted(yesterday));

		// when
		Cli.Result imported = this.cli.run("exceptions", "import", exceptions.toString());
		Cli.Result assessed = this.cli.run("run", "assess");

		// then
		assertThat(imported.exitCode()).as(imported.err()).isZero();
		assertThat(assessed.exitCode()).as(assessed.err()).isZero();
		assertThat(assessment(repoImage)).containsExactly("PASS", new BigDecimal("6.0"), 0, 0, 1, 0, 0, 0, null);
		assertThat(assessment(taggedImage)).containsExactly("PASS", new BigDecimal("6.0"), 0, 0, 1, 0, 0, 0, null);
		assertThat(assessment(untaggedImage).get(0)).isEqualTo("FAIL");
		assertThat(assessment(anyImage).get(0)).as("expired exception").isEqualTo("FAIL");
		assertThat(this.sql.rows("SELECT image_id, old_result, new_result, reason FROM result_change"
				+ " WHERE reason = 'EXCEPTIONS' ORDER BY image_id"))
			.containsExactly(List.of(repoImage, "FAIL", "PASS", "EXCEPTIONS"),
					List.of(taggedImage, "FAIL", "PASS", "EXCEPTIONS"));
	}

	@Test
	void kevCountAndMaxEpssComeFromTheFeedsAndNoScoreStaysNull() throws Exception {
		// given
		Path epss = EpssFiles.write(this.home.resolve("epss.csv.gz"), 100, 1, "2025-09-06");
		assertThat(this.cli.run("run", "epss-ingest", "url=" + epss.toUri()).exitCode()).isZero();
		Path kev = Files.writeString(this.home.resolve("kev.json"), """
				{"title":"t","catalogVersion":"2025.01.01","dateReleased":"2025-01-01T00:00:00.000Z","count":1,
				 "vulnerabilities":[{"cveID":"%s","vendorProject":"v","product":"p","vulnerabilityName":"n",
				 "dateAdded":"2021-12-10","shortDescription":"d","requiredAction":"a","dueDate":"2021-12-24"}]}"""
			.formatted(EpssFiles.cve(3)));
		assertThat(this.cli.run("run", "kev-ingest", "url=" + kev.toUri()).exitCode()).isZero();
		long scored = this.rows.image("reg.example", "scored", "sha256:e1");
		this.rows.finding(scored, EpssFiles.cve(3), "a", "5.0");
		this.rows.finding(scored, EpssFiles.cve(7), "b", "4.0");
		long unscored = this.rows.image("reg.example", "unscored", "sha256:e2");
		this.rows.finding(unscored, "CVE-1999-99999", "c", "5.0");

		// when
		assertThat(this.cli.run("run", "assess").exitCode()).isZero();

		// then
		double expectedEpss = Math.max(EpssFiles.epss(3, 1), EpssFiles.epss(7, 1));
		assertThat(assessment(scored).subList(7, 9)).containsExactly(1, expectedEpss);
		assertThat(assessment(unscored).subList(7, 9)).containsExactly(0, null);

		// and a new EPSS snapshot re-assesses with the new scores, saying why
		Path next = EpssFiles.write(this.home.resolve("epss2.csv.gz"), 100, 2, "2025-09-07");
		assertThat(this.cli.run("run", "epss-ingest", "url=" + next.toUri()).exitCode()).isZero();
		Cli.Result rerun = this.cli.run("run", "assess");
		assertThat(rerun.out()).contains("Assessment (FEEDS)");
		assertThat(assessment(scored).get(8)).isEqualTo(Math.max(EpssFiles.epss(3, 2), EpssFiles.epss(7, 2)));
	}

	@Test
	void aRunWithNothingChangedTouchesNothingAndNewScansTouchOnlyTheirImages() {
		// given
		List<Long> images = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			long image = this.rows.image("reg.example", "app" + i, "sha256:" + i);
			this.rows.finding(image, "CVE-2024-" + (1000 + i), "pkg", "5.0");
			images.add(image);
		}
		assertThat(this.cli.run("run", "assess").exitCode()).isZero();
		List<List<Object>> before = this.sql.rows("SELECT image_id, assessed_at FROM image_assessment ORDER BY image_id");

		// when
		Cli.Result idle = this.cli.run("run", "assess");

		// then
		assertThat(idle.exitCode()).isZero();
		assertThat(idle.out()).contains("nothing changed");
		assertThat(this.sql.rows("SELECT image_id, assessed_at FROM image_assessment ORDER BY image_id"))
			.isEqualTo(before);

		// when one image of the hundred has a new scan
		long changed = images.get(42);
		this.sql.execute("UPDATE finding SET cvss3_score = 9.5 WHERE image_id = " + changed);
		this.rows.touch(changed);
		assertThat(this.cli.run("run", "assess").exitCode()).isZero();

		// then only its row moved
		List<List<Object>> after = this.sql.rows("SELECT image_id, assessed_at FROM image_assessment ORDER BY image_id");
		for (int i = 0; i < before.size(); i++) {
			boolean isChanged = before.get(i).get(0).equals(changed);
			assertThat(after.get(i).get(1).equals(before.get(i).get(1))).as("image " + before.get(i).get(0))
				.isEqualTo(!isChanged);
		}
		assertThat(assessment(changed).get(0)).isEqualTo("FAIL");
		assertThat(this.sql.rows("SELECT reason FROM result_change WHERE image_id = " + changed + " ORDER BY id"))
			.containsExactly(List.of("NEW_SCAN"), List.of("NEW_SCAN"));
	}

	/** result, max_cvss, critical, high, medium, low, none, kev_count, max_epss. */
	private List<Object> assessment(long image) {
		List<List<Object>> found = this.sql.rows("SELECT result, max_cvss, critical, high, medium, low, none,"
				+ " kev_count, max_epss FROM image_assessment WHERE image_id = " + image);
		assertThat(found).as("assessment of image " + image).hasSize(1);
		return found.get(0);
	}

	private static String expectedResult(BigDecimal score, String warn, String fail) {
		if (score != null && score.compareTo(new BigDecimal(fail)) >= 0) {
			return "FAIL";
		}
		if (score != null && score.compareTo(new BigDecimal(warn)) >= 0) {
			return "WARN";
		}
		return "PASS";
	}

	/** critical, high, medium, low, none for one vulnerability of this score. */
	private static List<Integer> bands(BigDecimal score) {
		double s = (score != null) ? score.doubleValue() : 0;
		return List.of(s >= 9 ? 1 : 0, (s >= 7 && s < 9) ? 1 : 0, (s >= 4 && s < 7) ? 1 : 0, (s > 0 && s < 4) ? 1 : 0,
				(score == null || s == 0) ? 1 : 0);
	}

}
