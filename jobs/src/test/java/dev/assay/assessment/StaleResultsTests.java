package dev.assay.assessment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.assay.assessment.ScanRows.Image;
import dev.assay.testing.Cli;
import dev.assay.testing.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only stale results are computed again: nothing when nothing changed, only the images with new
 * scans when only scans changed; results of images that are gone are dropped.
 */
class StaleResultsTests {

	private static final int IMAGES = 300;

	private static final String[] SCORES = { "2.5", "5.0", "7.1", "8.2", "9.6" };

	@TempDir
	Path home;

	@Test
	void aSecondRunWithNothingChangedTouchesNothing() {
		// given
		Cli cli = new Cli("assess_noop", this.home);
		assertThat(cli.run("jobs").exitCode()).isZero();
		Sql sql = new Sql(cli.jdbcUrl());
		ScanRows scans = new ScanRows(sql);
		scans.cve(scans.scanned("registry.example.com", "crm/app", "v1"), "CVE-2024-5001", "8.8");
		scans.unscanned("registry.example.com", "crm/db", "NOT_SCANNED", "not scanned yet");
		assertThat(cli.run("run", "assess").exitCode()).isZero();
		List<List<Object>> before = sql.rows("SELECT * FROM image_assessment ORDER BY image_id");
		List<List<Object>> stateBefore = sql.rows("SELECT * FROM assessment_state");

		// when
		Cli.Result again = cli.run("run", "assess");

		// then
		assertThat(again.exitCode()).isZero();
		assertThat(again.out()).contains("Nothing changed since the assessment of", "no image assessed");
		assertThat(sql.rows("SELECT * FROM image_assessment ORDER BY image_id")).isEqualTo(before);
		assertThat(sql.rows("SELECT * FROM assessment_state")).isEqualTo(stateBefore);
		assertThat(sql.count("SELECT COUNT(*) FROM result_change")).isEqualTo(2);
		JsonNode jobs = JsonMapper.shared().readTree(cli.run("jobs", "--json").out());
		JsonNode assess = jobs.get("jobs").values().stream().filter(job -> job.get("job").stringValue().equals("assess"))
			.findFirst()
			.orElseThrow();
		assertThat(assess.get("status").stringValue()).isEqualTo("COMPLETED");
		assertThat(assess.get("exitCode").stringValue()).isEqualTo("NOOP");
	}

	@Test
	void forceReassessesEveryImageEvenWithNothingChanged() {
		// given
		Cli cli = new Cli("assess_force", this.home);
		assertThat(cli.run("jobs").exitCode()).isZero();
		Sql sql = new Sql(cli.jdbcUrl());
		ScanRows scans = new ScanRows(sql);
		scans.cve(scans.scanned("registry.example.com", "crm/app", "v1"), "CVE-2024-5001", "8.8");
		scans.cve(scans.scanned("registry.example.com", "crm/web", "v1"), "CVE-2024-5002", "5.0");
		assertThat(cli.run("run", "assess").exitCode()).isZero();
		List<List<Object>> before = sql.rows("SELECT image_id, assessed_at FROM image_assessment ORDER BY image_id");

		// when
		Cli.Result forced = cli.run("run", "assess", "force=true");

		// then: every row assessed again, no result changed
		assertThat(forced.exitCode()).as(forced.err()).isZero();
		assertThat(forced.out()).contains("Assessed 2 images because of force=true");
		List<List<Object>> after = sql.rows("SELECT image_id, assessed_at FROM image_assessment ORDER BY image_id");
		assertThat(after).hasSameSizeAs(before).hasSize(2);
		for (int i = 0; i < before.size(); i++) {
			assertThat(after.get(i).get(1)).as("image " + before.get(i).get(0)).isNotEqualTo(before.get(i).get(1));
		}
		assertThat(sql.count("SELECT COUNT(*) FROM result_change")).isEqualTo(2);
	}

	@Test
	void newScansOfOnePercentOfImagesReassessOnlyThose() {
		// given: 300 assessed images
		Cli cli = new Cli("assess_incremental", this.home);
		assertThat(cli.run("jobs").exitCode()).isZero();
		Sql sql = new Sql(cli.jdbcUrl());
		ScanRows scans = new ScanRows(sql);
		for (int i = 0; i < IMAGES; i++) {
			Image image = scans.scanned("registry.example.com", "fleet/service-" + i, "v1");
			scans.cve(image, "CVE-2024-" + (6000 + i % 40), SCORES[i % SCORES.length]);
		}
		assertThat(cli.run("run", "assess").exitCode()).isZero();
		Map<Long, List<Object>> before = rowsById(sql);

		// when: new scans of three images, each now with a CVE at 9.9
		List<Image> rescanned = List.of(scans.images().get(0), scans.images().get(150), scans.images().get(299));
		for (Image image : rescanned) {
			scans.rescan(image);
			scans.cve(image, "CVE-2025-0001", "9.9");
			scans.cve(image, "CVE-2025-0002", "4.4");
		}
		long changesBefore = sql.count("SELECT COUNT(*) FROM result_change");
		Cli.Result result = cli.run("run", "assess");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("Assessed 3 images because of NEW_SCAN");
		Map<Long, List<Object>> after = rowsById(sql);
		List<Long> changed = new ArrayList<>();
		for (Map.Entry<Long, List<Object>> row : after.entrySet()) {
			if (!row.getValue().equals(before.get(row.getKey()))) {
				changed.add(row.getKey());
			}
		}
		assertThat(changed).containsExactlyInAnyOrderElementsOf(rescanned.stream().map(Image::id).toList());
		List<List<Object>> expectedChanges = new ArrayList<>();
		for (Image image : rescanned) {
			List<Object> expected = ExpectedResult.of(image, scans.findingsOf(image), finding -> false, "7.0", "8.0");
			assertThat(ExpectedResult.stored(sql, image)).isEqualTo(expected);
			Object previous = before.get(image.id()).get(0);
			if (!previous.equals(expected.get(0))) {
				expectedChanges.add(List.of(image.id(), previous, expected.get(0), "NEW_SCAN"));
			}
		}
		assertThat(expectedChanges).isNotEmpty();
		assertThat(sql.rows("SELECT image_id, old_result, new_result, reason FROM result_change WHERE id > "
				+ changesBefore + " ORDER BY image_id")).isEqualTo(expectedChanges);
	}

	@Test
	void theResultOfAnImageThatIsGoneIsDropped() {
		// given
		Cli cli = new Cli("assess_gone", this.home);
		assertThat(cli.run("jobs").exitCode()).isZero();
		Sql sql = new Sql(cli.jdbcUrl());
		ScanRows scans = new ScanRows(sql);
		Image kept = scans.scanned("registry.example.com", "tools/kept", "v1");
		Image gone = scans.scanned("registry.example.com", "tools/gone", "v1");
		scans.cve(gone, "CVE-2024-7001", "9.0");
		assertThat(cli.run("run", "assess").exitCode()).isZero();
		sql.execute("DELETE FROM image WHERE id = " + gone.id());

		// when
		Cli.Result result = cli.run("run", "assess");

		// then
		assertThat(result.out()).contains("Dropped the results of 1 images no longer present; no image assessed");
		assertThat(sql.rows("SELECT image_id FROM image_assessment")).map(row -> ((Number) row.get(0)).longValue())
			.containsExactly(kept.id());
	}

	@Test
	void statusShowsHowManyImagesHaveEachResult() {
		// given
		Cli cli = new Cli("assess_status", this.home);
		Cli.Result empty = cli.run("status", "--json");
		assertThat(empty.exitCode()).isZero();
		assertThat(JsonMapper.shared().readTree(empty.out()).get("images").toString())
			.isEqualTo("{\"PASS\":0,\"WARN\":0,\"FAIL\":0,\"UNKNOWN\":0}");
		Sql sql = new Sql(cli.jdbcUrl());
		ScanRows scans = new ScanRows(sql);
		for (int i = 0; i < 12; i++) {
			Image image = scans.scanned("registry.example.com", "status/app-" + i, "v1");
			scans.cve(image, "CVE-2024-8000", SCORES[i % SCORES.length]);
		}
		scans.unscanned("registry.example.com", "status/never", "NOT_SCANNED", "not scanned yet");
		Map<String, Integer> expected = new HashMap<>();
		for (Image image : scans.images()) {
			expected.merge((String) ExpectedResult.of(image, scans.findingsOf(image), finding -> false, "7.0", "8.0")
				.get(0), 1, Integer::sum);
		}
		assertThat(cli.run("run", "assess").exitCode()).isZero();

		// when
		Cli.Result status = cli.run("status", "--json");
		Cli.Result text = cli.run("status");

		// then
		JsonNode images = JsonMapper.shared().readTree(status.out()).get("images");
		Map<Result, Integer> counts = new EnumMap<>(Result.class);
		for (Result result : Result.values()) {
			counts.put(result, images.get(result.name()).intValue());
		}
		assertThat(images.propertyNames()).containsExactly("PASS", "WARN", "FAIL", "UNKNOWN");
		for (Result result : Result.values()) {
			assertThat(counts.get(result)).as(result.name()).isEqualTo(expected.getOrDefault(result.name(), 0));
		}
		assertThat(text.out()).contains("images: " + counts.get(Result.PASS) + " PASS, " + counts.get(Result.WARN)
				+ " WARN, " + counts.get(Result.FAIL) + " FAIL, " + counts.get(Result.UNKNOWN) + " UNKNOWN");
	}

	private static Map<Long, List<Object>> rowsById(Sql sql) {
		Map<Long, List<Object>> rows = new HashMap<>();
		for (List<Object> row : sql.rows("SELECT image_id, result, max_cvss, critical, high, medium, low, none,"
				+ " kev_count, max_epss, warn_threshold, fail_threshold, image_changed_at, assessed_at"
				+ " FROM image_assessment")) {
			rows.put(((Number) row.get(0)).longValue(), row.subList(1, row.size()));
		}
		return rows;
	}

}
