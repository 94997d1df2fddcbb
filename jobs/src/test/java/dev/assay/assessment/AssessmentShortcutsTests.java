package dev.assay.assessment;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import dev.assay.assessment.ScanRows.Finding;
import dev.assay.assessment.ScanRows.Image;
import dev.assay.testing.Cli;
import dev.assay.testing.EpssFiles;
import dev.assay.testing.Fixtures;
import dev.assay.testing.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The assessment does not read every finding: it keeps what each image's findings give before any
 * rule ({@code image_finding_summary}), corrects that for the findings exceptions cover, looks up
 * KEV CVEs, and finds max EPSS from the best-scored CVEs down, a window of ranks at a time, reading
 * whole only the images left over (or a small set of images). Whatever way an image's values are
 * found, they must be what the rules give over all its findings, computed here from the rows the
 * test wrote. The fleet is built so that each way is taken: most images hold a CVE of the best
 * 4,096 EPSS scores (the first window), a few hold only middling ones (later windows) or only the
 * lowest (read whole once few images are left), one holds no scored CVE at all.
 */
class AssessmentShortcutsTests {

	private static final int EPSS_ROWS = 20_000;

	private static final String KEV = "kev/known_exploited_vulnerabilities.json";

	private static final String REGISTRY = "registry.example.com";

	@TempDir
	Path home;

	private Sql sql;

	private ScanRows scans;

	private ExceptionRows exceptions;

	private final SplittableRandom random = new SplittableRandom(42);

	private final List<Integer> byScore = IntStream.range(0, EPSS_ROWS)
		.boxed()
		.sorted(Comparator.comparingDouble((Integer i) -> EpssFiles.epss(i, 1)).reversed())
		.toList();

	@Test
	void everyWayOfFindingTheValuesGivesWhatTheRulesGive() {
		Cli cli = new Cli("assess_shortcuts", this.home);
		assertThat(cli.run("jobs").exitCode()).isZero();
		this.sql = new Sql(cli.jdbcUrl());
		this.scans = new ScanRows(this.sql);
		this.exceptions = new ExceptionRows(this.sql);
		List<String> kev = JsonMapper.shared()
			.readTree(Fixtures.file(KEV).toFile())
			.path("vulnerabilities")
			.valueStream()
			.map(entry -> entry.path("cveID").asString())
			.limit(20)
			.toList();
		load(cli, "epss-ingest", "--assay.feeds.epss.url=" + epssFile(1).toUri());
		load(cli, "kev-ingest", "url=" + Fixtures.file(KEV).toUri());

		// given: 140 images with two of the best-scored CVEs each, two with only the lowest scores
		List<Image> common = new ArrayList<>();
		for (int n = 0; n < 140; n++) {
			Image image = this.scans.scanned(REGISTRY, "shop/app-" + (n % 35), "1." + n, (n % 2 == 0) ? "latest" : "rc");
			List<Finding> findings = new ArrayList<>();
			findings.add(cveFinding(ranked(0, 4_096)));
			findings.add(cveFinding(ranked(0, 4_096)));
			for (int k = 0; k < 10; k++) {
				findings.add(cveFinding(ranked(0, EPSS_ROWS)));
			}
			findings.add(new Finding(0, "GHSA-app" + n + "-0001", EpssFiles.cve(ranked(0, EPSS_ROWS)), "lib-ghsa",
					score()));
			if (n % 10 == 0) {
				findings.add(new Finding(0, kev.get(n / 10), kev.get(n / 10), "kernel", score()));
			}
			this.scans.findings(image, findings);
			common.add(image);
		}
		for (int n = 0; n < 2; n++) {
			Image image = this.scans.scanned(REGISTRY, "legacy/low-" + n, "1.0");
			this.scans.findings(image, IntStream.range(0, 10).mapToObj(k -> cveFinding(ranked(16_000, EPSS_ROWS))).toList());
		}
		// An id in two findings whose highest score an exception of its CVE takes: it counts in the band of
		// the other, and the image's max CVSS comes from what is left.
		Image taken = common.get(0);
		String takenCve = EpssFiles.cve(ranked(0, 100));
		this.scans.findings(taken, List.of(new Finding(0, "GHSA-take-0001", takenCve, "netty", new BigDecimal("10.0")),
				new Finding(0, "GHSA-take-0001", EpssFiles.cve(ranked(0, 100)), "netty-codec", new BigDecimal("5.0"))));
		this.exceptions.any(takenCve, null);
		// Every finding of an id excepted by that id in one repository; a KEV CVE excepted in tagged images.
		this.exceptions.repo("GHSA-app1-0001", REGISTRY, "shop/app-1", null);
		this.exceptions.image(kev.get(2), REGISTRY, "shop/app-20", List.of("latest"), null);
		this.exceptions.any(this.scans.findingsOf(common.get(3)).get(0).cve(), null);
		this.exceptions.any(this.scans.findingsOf(common.get(4)).get(1).cve(), ExceptionRows.today().minusDays(1));

		// when: every image is new
		assess(cli, "run", "assess");

		// then
		assertResults(1);

		// when: new images with only middling scores, and one without a scored CVE
		for (int n = 0; n < 12; n++) {
			Image image = this.scans.scanned(REGISTRY, "batch/mid-" + n, "2.0");
			this.scans.findings(image, IntStream.range(0, 6).mapToObj(k -> cveFinding(ranked(4_096, 12_288))).toList());
		}
		Image unscored = this.scans.scanned(REGISTRY, "static/site", "3.0");
		this.scans.findings(unscored, List.of(new Finding(0, "GHSA-none-0001", null, "left-pad", new BigDecimal("3.1")),
				new Finding(0, "CVE-2099-0001", "CVE-2099-0001", "toolkit", new BigDecimal("6.1"))));
		assess(cli, "run", "assess");

		// then
		assertResults(1);
		assertThat(this.sql.value("SELECT max_epss FROM image_assessment WHERE image_id = " + unscored.id())).isNull();

		// when: every image again, every finding counted again
		assess(cli, "run", "assess", "force=true");

		// then
		assertResults(1);

		// when: two images scanned again, a set small enough to be read whole
		for (Image image : List.of(common.get(5), common.get(6))) {
			this.scans.rescan(image);
			this.scans.findings(image, List.of(cveFinding(ranked(12_288, EPSS_ROWS)), cveFinding(ranked(0, EPSS_ROWS))));
		}
		assess(cli, "run", "assess");

		// then
		assertResults(1);

		// when: a new EPSS snapshot, with other scores
		load(cli, "epss-ingest", "--assay.feeds.epss.url=" + epssFile(2).toUri());
		Cli.Result feeds = cli.run("run", "assess");

		// then
		assertThat(feeds.out()).contains("because of FEEDS");
		assertResults(2);
	}

	/** Every image's columns against the rules over its findings, with the EPSS scores of {@code seed}. */
	private void assertResults(long seed) {
		Map<String, Double> epss = new HashMap<>();
		for (int i = 0; i < EPSS_ROWS; i++) {
			epss.put(EpssFiles.cve(i), EpssFiles.epss(i, seed));
		}
		Set<String> kev = new HashSet<>(JsonMapper.shared()
			.readTree(Fixtures.file(KEV).toFile())
			.path("vulnerabilities")
			.valueStream()
			.map(entry -> entry.path("cveID").asString())
			.toList());
		for (Image image : this.scans.images()) {
			List<Finding> findings = this.scans.findingsOf(image);
			Predicate<Finding> excepted = this.exceptions.covering(image);
			List<Object> expected = ExpectedResult.of(image, findings, excepted, "7.0", "8.0");
			Set<String> exploited = new HashSet<>();
			Double maxEpss = null;
			for (Finding finding : findings) {
				if (excepted.test(finding) || finding.cve() == null) {
					continue;
				}
				if (kev.contains(finding.cve())) {
					exploited.add(finding.cve());
				}
				Double score = epss.get(finding.cve());
				if (score != null && (maxEpss == null || score > maxEpss)) {
					maxEpss = score;
				}
			}
			expected.add(exploited.size());
			expected.add(maxEpss);
			List<Object> stored = ExpectedResult.stored(this.sql, image);
			List<Object> feeds = this.sql
				.rows("SELECT kev_count, max_epss FROM image_assessment WHERE image_id = " + image.id())
				.get(0);
			stored.add(((Number) feeds.get(0)).intValue());
			stored.add(feeds.get(1));
			assertThat(stored).as("%s %s", image.repository(), image.tags()).isEqualTo(expected);
		}
	}

	/** The EPSS row of a rank among the scores of the first file, drawn between {@code from} and {@code to}. */
	private int ranked(int from, int to) {
		return this.byScore.get(this.random.nextInt(from, to));
	}

	private Finding cveFinding(int epssRow) {
		String cve = EpssFiles.cve(epssRow);
		return new Finding(0, cve, cve, "pkg-" + this.random.nextInt(50), score());
	}

	/** A score of 0.0 to 10.0, none for one in ten. */
	private BigDecimal score() {
		return (this.random.nextInt(10) == 0) ? null : BigDecimal.valueOf(this.random.nextInt(101), 1);
	}

	private Path epssFile(long seed) {
		return EpssFiles.write(this.home.resolve("epss-" + seed + ".csv.gz"), EPSS_ROWS, seed, "2025-09-0" + seed);
	}

	private static void assess(Cli cli, String... args) {
		Cli.Result result = cli.run(args);
		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
	}

	private static void load(Cli cli, String... args) {
		String[] command = new String[args.length + 1];
		command[0] = "run";
		System.arraycopy(args, 0, command, 1, args.length);
		assess(cli, command);
	}

}
