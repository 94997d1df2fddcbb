package dev.assay.assessment;

import java.nio.file.Path;
import java.util.List;

import dev.assay.assessment.ScanRows.Image;
import dev.assay.testing.Cli;
import dev.assay.testing.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exceptions leave the findings they cover out of an image's max CVSS and counts, by scope (any,
 * repo, image with its tags) and only while in force; a change of the exceptions in force
 * re-assesses every image.
 */
class ExceptionTests {

	private static final String REGISTRY = "registry.example.com";

	@TempDir
	Path home;

	@Test
	void eachScopeCoversExactlyTheImagesItNames() {
		// given: the same findings in images of two repositories, two registries and several tags
		Cli cli = new Cli("assess_scopes", this.home);
		assertThat(cli.run("jobs").exitCode()).isZero();
		Sql sql = new Sql(cli.jdbcUrl());
		ScanRows scans = new ScanRows(sql);
		List<Image> images = List.of(scans.scanned(REGISTRY, "shop/web", "v1", "latest"),
				scans.scanned(REGISTRY, "shop/web", "v2"), scans.scanned(REGISTRY, "shop/api", "v1"),
				scans.scanned("mirror.example.com", "shop/web", "v1"));
		for (Image image : images) {
			scans.cve(image, "CVE-2024-0001", "9.8");
			scans.cve(image, "CVE-2024-0002", "8.5");
			scans.finding(image, "GHSA-4xqg-m6c7-7v9c", "CVE-2024-0003", "lodash", "8.1");
			scans.finding(image, "GHSA-8jhw-289h-jh2g", "CVE-2024-0004", "axios", "7.7");
			scans.cve(image, "CVE-2024-0005", "5.0");
		}
		ExceptionRows exceptions = new ExceptionRows(sql);
		exceptions.any("CVE-2024-0001", null);
		exceptions.repo("CVE-2024-0002", REGISTRY, "shop/web", null);
		exceptions.image("GHSA-4xqg-m6c7-7v9c", REGISTRY, "shop/web", List.of("v1", "v9"), null);
		exceptions.any("CVE-2024-0004", ExceptionRows.today());
		exceptions.image("CVE-2024-0005", REGISTRY, "shop/api", List.of("v9"), null);

		// when
		Cli.Result result = cli.run("run", "assess");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		for (Image image : images) {
			assertThat(ExpectedResult.stored(sql, image)).as("%s/%s:%s", image.registry(), image.repository(), image.tags())
				.isEqualTo(ExpectedResult.of(image, scans.findingsOf(image), exceptions.covering(image), "7.0", "8.0"));
		}
		assertThat(sql.rows("SELECT DISTINCT max_cvss FROM image_assessment")).as("scopes that differ").hasSize(3);
	}

	@Test
	void anExceptionThatExpiredYesterdayNoLongerApplies() {
		// given
		Cli cli = new Cli("assess_expiry", this.home);
		assertThat(cli.run("jobs").exitCode()).isZero();
		Sql sql = new Sql(cli.jdbcUrl());
		ScanRows scans = new ScanRows(sql);
		Image expired = scans.scanned(REGISTRY, "billing/worker", "v1");
		Image lastDay = scans.scanned(REGISTRY, "billing/cron", "v1");
		scans.cve(expired, "CVE-2024-1001", "9.1");
		scans.cve(lastDay, "CVE-2024-1002", "9.1");
		ExceptionRows exceptions = new ExceptionRows(sql);
		exceptions.repo("CVE-2024-1001", REGISTRY, "billing/worker", ExceptionRows.today().minusDays(1));
		exceptions.repo("CVE-2024-1002", REGISTRY, "billing/cron", ExceptionRows.today());

		// when
		assertThat(cli.run("run", "assess").exitCode()).isZero();

		// then
		for (Image image : List.of(expired, lastDay)) {
			assertThat(ExpectedResult.stored(sql, image))
				.isEqualTo(ExpectedResult.of(image, scans.findingsOf(image), exceptions.covering(image), "7.0", "8.0"));
		}
		assertThat(sql.value("SELECT result FROM image_assessment WHERE image_id = " + expired.id())).isEqualTo("FAIL");
		assertThat(sql.value("SELECT result FROM image_assessment WHERE image_id = " + lastDay.id())).isEqualTo("PASS");
	}

	@Test
	void anExceptionTurnsFailIntoPassAndItsExpiryTurnsItBack() {
		// given: an image that fails on one CVE
		Cli cli = new Cli("assess_exception_change", this.home);
		assertThat(cli.run("jobs").exitCode()).isZero();
		Sql sql = new Sql(cli.jdbcUrl());
		ScanRows scans = new ScanRows(sql);
		Image image = scans.scanned(REGISTRY, "search/indexer", "v7");
		scans.cve(image, "CVE-2024-2001", "9.8");
		scans.cve(image, "CVE-2024-2002", "4.3");
		assertThat(cli.run("run", "assess").exitCode()).isZero();
		ExceptionRows exceptions = new ExceptionRows(sql);
		ExceptionRows.VulnException exception = exceptions.image("CVE-2024-2001", REGISTRY, "search/indexer",
				List.of("v7"), ExceptionRows.today().plusDays(30));
		String expected = (String) ExpectedResult
			.of(image, scans.findingsOf(image), exceptions.covering(image), "7.0", "8.0")
			.get(0);

		// when
		Cli.Result excepted = cli.run("run", "assess");

		// then
		assertThat(excepted.out()).contains("Assessed 1 images because of EXCEPTIONS");
		assertThat(lastChange(sql, image)).containsExactly("FAIL", expected, "EXCEPTIONS");
		assertThat(expected).isEqualTo("PASS");

		// when: the exception's expiry is moved to yesterday
		sql.execute("UPDATE vuln_exception SET expires = UTC_DATE() - INTERVAL 1 DAY WHERE id = " + exception.id());
		Cli.Result expired = cli.run("run", "assess");

		// then
		assertThat(expired.out()).contains("because of EXCEPTIONS");
		assertThat(lastChange(sql, image)).containsExactly("PASS", "FAIL", "EXCEPTIONS");
	}

	@Test
	void editingAJustificationOrOwnerChangesNoResult() {
		// given
		Cli cli = new Cli("assess_justification", this.home);
		assertThat(cli.run("jobs").exitCode()).isZero();
		Sql sql = new Sql(cli.jdbcUrl());
		ScanRows scans = new ScanRows(sql);
		scans.cve(scans.scanned(REGISTRY, "search/ui", "v1"), "CVE-2024-3001", "9.8");
		new ExceptionRows(sql).any("CVE-2024-3001", null);
		assertThat(cli.run("run", "assess").exitCode()).isZero();
		sql.execute("UPDATE vuln_exception SET justification = 'not reachable: the parser is unused', owner = 'web'");

		// when
		Cli.Result result = cli.run("run", "assess");

		// then
		assertThat(result.out()).contains("Nothing changed since the assessment of");
	}

	private static List<Object> lastChange(Sql sql, Image image) {
		return sql.rows("SELECT old_result, new_result, reason FROM result_change WHERE image_id = " + image.id()
				+ " ORDER BY id DESC LIMIT 1").get(0);
	}

}
