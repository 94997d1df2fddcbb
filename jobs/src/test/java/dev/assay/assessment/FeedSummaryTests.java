package dev.assay.assessment;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

import dev.assay.assessment.ScanRows.Finding;
import dev.assay.assessment.ScanRows.Image;
import dev.assay.testing.Cli;
import dev.assay.testing.EpssFiles;
import dev.assay.testing.Fixtures;
import dev.assay.testing.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * KEV count and max EPSS of each image, from the real feed jobs run on a real KEV catalog and a
 * generated EPSS file; a new EPSS snapshot or KEV catalog re-assesses every image by itself.
 */
class FeedSummaryTests {

	private static final String CURRENT_KEV = "kev/known_exploited_vulnerabilities.json";

	private static final String OLDER_KEV = "kev/known_exploited_vulnerabilities_v2025.01.24.json";

	private static final int EPSS_ROWS = 5_000;

	@TempDir
	Path home;

	@Test
	void kevCountAndMaxEpssFollowEachNewSnapshotAndCatalog() {
		// given: CVEs of the current KEV catalog, two of them missing from an older one
		Set<String> currentKev = kevCves(CURRENT_KEV);
		Set<String> olderKev = kevCves(OLDER_KEV);
		List<String> onlyInCurrent = currentKev.stream().filter(cve -> !olderKev.contains(cve)).sorted().limit(2).toList();
		List<String> inBoth = currentKev.stream().filter(olderKev::contains).sorted().limit(2).toList();
		assertThat(onlyInCurrent).hasSize(2);
		Cli cli = new Cli("assess_feeds", this.home);
		assertThat(cli.run("jobs").exitCode()).isZero();
		Sql sql = new Sql(cli.jdbcUrl());
		ScanRows scans = new ScanRows(sql);
		Image exploited = scans.scanned("registry.example.com", "edge/gateway", "v1");
		scans.finding(exploited, onlyInCurrent.get(0), onlyInCurrent.get(0), "openssl", "9.8");
		scans.finding(exploited, onlyInCurrent.get(0), onlyInCurrent.get(0), "libssl3", "9.8");
		scans.finding(exploited, "GHSA-kev0-test-0001", onlyInCurrent.get(1), "netty", "8.6");
		scans.cve(exploited, inBoth.get(0), "7.2");
		scans.cve(exploited, inBoth.get(1), null);
		for (int i : new int[] { 17, 2_022, 4_711 }) {
			scans.cve(exploited, EpssFiles.cve(i), "5.5");
		}
		Image unscored = scans.scanned("registry.example.com", "edge/static", "v1");
		scans.cve(unscored, "CVE-2099-0001", "6.1");
		scans.finding(unscored, "GHSA-none-none-0001", null, "left-pad", "3.1");
		Image clean = scans.scanned("registry.example.com", "edge/empty", "v1");
		List<Image> images = List.of(exploited, unscored, clean);
		load(cli, "epss-ingest", "--assay.feeds.epss.url=" + epssFile(1, "2025-09-06").toUri());
		load(cli, "kev-ingest", "url=" + Fixtures.file(CURRENT_KEV).toUri());

		// when
		Cli.Result first = cli.run("run", "assess");

		// then
		assertThat(first.exitCode()).as(first.err()).isZero();
		assertFeedColumns(sql, scans, images, currentKev, 1);
		assertThat(sql.value("SELECT max_epss FROM image_assessment WHERE image_id = " + unscored.id())).isNull();
		assertThat(sql.value("SELECT max_epss FROM image_assessment WHERE image_id = " + clean.id())).isNull();

		// when: a new EPSS snapshot
		long changes = sql.count("SELECT COUNT(*) FROM result_change");
		load(cli, "epss-ingest", "--assay.feeds.epss.url=" + epssFile(2, "2025-09-07").toUri());
		Cli.Result newSnapshot = cli.run("run", "assess");

		// then
		assertThat(newSnapshot.out()).contains("Assessed " + images.size() + " images because of FEEDS");
		assertFeedColumns(sql, scans, images, currentKev, 2);

		// when: an older KEV catalog, without two of the entries
		load(cli, "kev-ingest", "url=" + Fixtures.file(OLDER_KEV).toUri());
		Cli.Result olderCatalog = cli.run("run", "assess");

		// then
		assertThat(olderCatalog.out()).contains("Assessed " + images.size() + " images because of FEEDS");
		assertFeedColumns(sql, scans, images, olderKev, 2);
		assertThat(sql.count("SELECT COUNT(*) FROM result_change")).as("feeds change no result").isEqualTo(changes);
	}

	/** kev_count and max_epss of each image against the catalog's CVEs and the file's scores. */
	private static void assertFeedColumns(Sql sql, ScanRows scans, List<Image> images, Set<String> kev, long seed) {
		Map<String, Double> epss = new HashMap<>();
		for (int i = 0; i < EPSS_ROWS; i++) {
			epss.put(EpssFiles.cve(i), EpssFiles.epss(i, seed));
		}
		for (Image image : images) {
			Set<String> exploited = new HashSet<>();
			OptionalDouble maxEpss = OptionalDouble.empty();
			for (Finding finding : scans.findingsOf(image)) {
				if (kev.contains(finding.cve())) {
					exploited.add(finding.cve());
				}
				Double score = epss.get(finding.cve());
				if (score != null) {
					maxEpss = OptionalDouble.of(Math.max(score, maxEpss.orElse(0)));
				}
			}
			List<Object> row = sql.rows("SELECT kev_count, max_epss FROM image_assessment WHERE image_id = " + image.id())
				.get(0);
			assertThat(((Number) row.get(0)).intValue()).as("KEV count of %s", image.repository())
				.isEqualTo(exploited.size());
			assertThat(row.get(1)).as("max EPSS of %s", image.repository())
				.isEqualTo(maxEpss.isPresent() ? maxEpss.getAsDouble() : null);
		}
	}

	private Path epssFile(long seed, String scoreDate) {
		return EpssFiles.write(this.home.resolve("epss-" + seed + ".csv.gz"), EPSS_ROWS, seed, scoreDate);
	}

	private static void load(Cli cli, String... args) {
		String[] command = new String[args.length + 1];
		command[0] = "run";
		System.arraycopy(args, 0, command, 1, args.length);
		Cli.Result result = cli.run(command);
		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
	}

	private static Set<String> kevCves(String fixture) {
		JsonNode catalog = JsonMapper.shared().readTree(Fixtures.file(fixture).toFile());
		Set<String> cves = new HashSet<>();
		for (JsonNode entry : catalog.get("vulnerabilities").values()) {
			cves.add(entry.get("cveID").stringValue());
		}
		return cves;
	}

}
