package dev.assay.scans;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.assay.testing.Cli;
import dev.assay.testing.Fixtures;
import dev.assay.testing.Sql;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every real Grype, Trivy and CycloneDX report of {@code ../shared/fixtures/} is imported in one run
 * of {@code scan-import}, and what landed is compared, report by report, with what this test works
 * out from the raw JSON: the scan with its counts, time and hash, and for the image's current scan
 * its findings and the highest v3 score of each vulnerability. Files that cannot be imported are
 * named with their reason while the job completes.
 */
class ScanImportFixtureTests {

	private static final JsonMapper RAW = JsonMapper.builder().build();

	/** Refused by the parser: a {@code trivy k8s} cluster report and a CycloneDX SBOM. */
	private static final Map<String, String> NOT_REPORTS = Map.of("trivy/defectdojo/kubernetes.json",
			"'trivy k8s' cluster report", "cyclonedx/cyclonedx-bom-examples/CISA-Use-Cases_Case-8_bom-2.json",
			"without a vulnerabilities array");

	@TempDir
	static Path home;

	static Path reports;

	static Cli.Result result;

	static Sql sql;

	@BeforeAll
	static void importEveryFixtureReport() throws IOException {
		reports = Files.createDirectories(home.resolve("reports"));
		for (Path file : fixtureFiles()) {
			Path copy = reports.resolve(Fixtures.relative(file));
			Files.createDirectories(copy.getParent());
			Files.copy(file, copy);
		}
		Cli cli = new Cli("scan_fixtures", home);
		sql = new Sql(cli.jdbcUrl());
		result = cli.run("run", "scan-import", "dir=" + reports);
	}

	static List<String> importable() throws IOException {
		return fixtureFiles().stream().map(Fixtures::relative).filter(ScanImportFixtureTests::namesAnImage)
			.toList();
	}

	static List<String> refused() throws IOException {
		return fixtureFiles().stream().map(Fixtures::relative).filter(name -> !namesAnImage(name)).toList();
	}

	@Test
	void jobCompletesAndCountsEveryFile() throws IOException {
		int files = fixtureFiles().size();
		int failed = refused().size();

		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(result.out()).contains("scan-import: COMPLETED")
			.contains("Scan reports from folder " + reports + ": " + files + " files, " + (files - failed)
					+ " imported (" + sql.count("SELECT COUNT(*) FROM finding") + " findings; ")
			.contains(", 0 already imported, " + failed + " failed");
		assertThat(failed).as("fixtures that are no report of an image").isEqualTo(7);
		assertThat(sql.count("SELECT COUNT(*) FROM scan")).isEqualTo(files - failed);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refused")
	void fileThatIsNoReportOfAnImageIsNamedWithItsReason(String name) {
		Path copy = reports.resolve(name);
		String reason = NOT_REPORTS.getOrDefault(name, "names no image");

		assertThat(result.out()).containsPattern("(?m)^  failed: \\Q" + copy + "\\E .*\\Q" + reason + "\\E");
		assertThat(sql.rows("SELECT status, error FROM scan_file WHERE sha256 = '" + sha256(copy) + "'"))
			.singleElement()
			.satisfies(row -> {
				assertThat(row.get(0)).isEqualTo("FAILED");
				assertThat((String) row.get(1)).startsWith(copy.toString()).contains(reason);
			});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("importable")
	void reportLandsAsTheRawJsonSays(String name) throws IOException {
		Path copy = reports.resolve(name);
		JsonNode raw = RAW.readTree(copy);
		RawReport expected = switch (name.substring(0, name.indexOf('/'))) {
			case "grype" -> RawReport.grype(raw);
			case "trivy" -> RawReport.trivy(raw);
			default -> RawReport.cycloneDx(raw);
		};

		List<Object> scan = sql.rows("SELECT id, image_id, format, finding_count, not_affected, scanned_at, imported_at,"
				+ " source_sha256 FROM scan WHERE source = '" + copy + "'").get(0);
		long scanId = ((Number) scan.get(0)).longValue();
		long imageId = ((Number) scan.get(1)).longValue();
		assertThat(scan.get(2)).isEqualTo(expected.format().name());
		assertThat(scan.get(3)).as("distinct findings").isEqualTo(expected.findingCount());
		assertThat(scan.get(4)).as("not affected").isEqualTo(expected.notAffected());
		assertThat(time(scan.get(5))).as("scanned at").isEqualTo((expected.scannedAt() != null)
				? LocalDateTime.ofInstant(expected.scannedAt(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS)
				: time(scan.get(6)));
		assertThat(scan.get(7)).isEqualTo(sha256(copy));
		assertThat(sql.value("SELECT scan_id FROM scan_file WHERE status = 'IMPORTED' AND sha256 = '" + sha256(copy)
				+ "'")).isEqualTo(scanId);

		List<Object> image = sql.rows("SELECT registry, repository, digest, digest_kind, scan_status, unknown_reason,"
				+ " current_scan_id, last_scanned FROM image WHERE id = " + imageId).get(0);
		String text = Files.readString(copy);
		if (!((String) image.get(0)).isEmpty()) {
			assertThat(text).as("a registry the report names").contains(image.get(0) + "/" + image.get(1));
		}
		assertThat(image.get(2)).isEqualTo((expected.digest() != null) ? expected.digest() : "");
		assertThat(image.get(4)).isEqualTo("SCANNED");
		assertThat(image.get(5)).isNull();
		for (Object tag : sql.rows("SELECT tag FROM image_tag WHERE image_id = " + imageId).stream()
			.map(row -> row.get(0))
			.toList()) {
			assertThat(text).as("a tag the report names").contains(image.get(1) + ":" + tag);
		}

		long current = ((Number) image.get(6)).longValue();
		if (current == scanId) {
			assertThat(image.get(3)).isEqualTo((expected.digestKind() != null) ? expected.digestKind().name() : null);
			assertThat(time(image.get(7))).isEqualTo(time(scan.get(5)));
			assertThat(sql.count("SELECT COUNT(*) FROM finding WHERE image_id = " + imageId + " AND scan_id = " + scanId))
				.isEqualTo(expected.findingCount())
				.isEqualTo(sql.count("SELECT COUNT(*) FROM finding WHERE image_id = " + imageId));
			assertThat(scoreById(imageId)).as("highest v3 score of each vulnerability")
				.isEqualTo(rounded(expected.scoreById()));
			assertThat(sql.count("SELECT COUNT(*) FROM finding WHERE image_id = " + imageId
					+ " AND vuln_id LIKE 'CVE-%' AND NOT cve <=> UPPER(vuln_id)")).as("CVE of CVE findings").isZero();
			assertAssessedAsTheRawJsonSays(imageId, expected);
		}
		else {
			// Another fixture is a scan of the same image, taken at the same time or later.
			List<Object> newer = sql.rows("SELECT source, scanned_at FROM scan WHERE id = " + current).get(0);
			assertThat((String) newer.get(0)).startsWith(reports.toString());
			assertThat(time(newer.get(1))).isAfterOrEqualTo(time(scan.get(5)));
		}
	}

	/**
	 * scan-import ends with assess: with the default thresholds (warn 7.0, fail 8.0) and no
	 * exceptions, the result, max CVSS and band counts follow from the report alone.
	 */
	private static void assertAssessedAsTheRawJsonSays(long imageId, RawReport expected) {
		Double max = expected.max();
		String result = (max != null && max >= 8.0) ? "FAIL" : (max != null && max >= 7.0) ? "WARN" : "PASS";
		Map<CvssBand, Integer> bands = expected.bands();
		List<Object> assessment = sql.rows("SELECT result, max_cvss, critical, high, medium, low, none"
				+ " FROM image_assessment WHERE image_id = " + imageId).get(0);
		assertThat(assessment).as("result, max CVSS and bands").containsExactly(result,
				(max != null) ? BigDecimal.valueOf(max).setScale(1, RoundingMode.HALF_UP) : null,
				bands.get(CvssBand.CRITICAL), bands.get(CvssBand.HIGH), bands.get(CvssBand.MEDIUM),
				bands.get(CvssBand.LOW), bands.get(CvssBand.NONE));
	}

	/** The v3 score of each vulnerability id as the database holds it: the highest over its findings. */
	private static Map<String, BigDecimal> scoreById(long imageId) {
		Map<String, BigDecimal> scores = new TreeMap<>();
		sql.rows("SELECT vuln_id, MAX(cvss3_score) FROM finding WHERE image_id = " + imageId + " GROUP BY vuln_id")
			.forEach(row -> scores.put((String) row.get(0), (BigDecimal) row.get(1)));
		return scores;
	}

	private static Map<String, BigDecimal> rounded(Map<String, Double> scores) {
		Map<String, BigDecimal> rounded = new TreeMap<>();
		scores.forEach((id, score) -> rounded.put(id,
				(score != null) ? BigDecimal.valueOf(score).setScale(1, RoundingMode.HALF_UP) : null));
		return rounded;
	}

	/**
	 * Whether a fixture is a report of an image: not one the parser refuses, and not a CycloneDX
	 * document without the {@code metadata.component} that would name its image.
	 */
	private static boolean namesAnImage(String name) {
		if (NOT_REPORTS.containsKey(name)) {
			return false;
		}
		return !name.startsWith("cyclonedx/")
				|| RAW.readTree(Fixtures.root().resolve(name)).path("metadata").has("component");
	}

	private static List<Path> fixtureFiles() {
		List<Path> files = Fixtures.scanReports();
		assertThat(files).hasSizeGreaterThanOrEqualTo(40);
		return files;
	}

	/** A DATETIME column as the driver gives it. */
	static LocalDateTime time(Object column) {
		return ((Timestamp) column).toLocalDateTime();
	}

	static String sha256(Path file) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

}
