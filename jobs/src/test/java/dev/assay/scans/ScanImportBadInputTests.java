package dev.assay.scans;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import dev.assay.testing.Cli;
import dev.assay.testing.Fixtures;
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
 * One folder of good reports among bad files: every bad file is named with its reason, the good
 * ones are imported all the same, and the job completes. Reports without findings or without
 * digests are good ones.
 */
class ScanImportBadInputTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path home;

	static Path dir;

	static Cli.Result result;

	static Sql sql;

	@BeforeAll
	static void importFolderWithBadFiles() throws IOException {
		dir = Files.createDirectories(home.resolve("reports"));
		copy("grype/defectdojo/issue_9618.json", "good.json");
		copy("grype/defectdojo/no_vuln.json", "no-vulnerabilities.json");
		copy("trivy/defectdojo/scheme_2_many_vulns.json", "no-digest.json");
		byte[] whole = Files.readAllBytes(Fixtures.file("grype/defectdojo/many_vulns3.json"));
		Files.write(dir.resolve("truncated.json"), Arrays.copyOf(whole, whole.length * 3 / 5));
		copy("kev/known_exploited_vulnerabilities.json", "kev.json");
		copy("k8s/nri-kubernetes_1_31_kubelet_pods.json", "pods.json");
		// Every read of /proc/self/mem at offset 0 fails with an I/O error, for root too.
		Files.createSymbolicLink(dir.resolve("unreadable.json"), Path.of("/proc/self/mem"));
		TestReports.write(dir, "no-image.json", """
				{"bomFormat": "CycloneDX", "specVersion": "1.5", "vulnerabilities": [{"id": "CVE-2021-44228"}]}""");
		TestReports.write(dir, "future.json",
				TestReports.grype("app", TestReports.digest('f'), List.of("1.0"), "2999-01-01T00:00:00Z", "CVE-2025-1"));
		TestReports.write(dir, "too-long.json", TestReports.grype("app", TestReports.digest('l'), List.of("1.0"),
				"2025-01-01T00:00:00Z", "CVE-2025-1")
			.replace("\"severity\": \"High\",", "\"severity\": \"High\", \"fixedInVersion\": \"" + "1.2.3,".repeat(100) + "\","));
		TestReports.write(dir.resolve(".uploading"), "good.json", Files.readString(dir.resolve("good.json")));
		TestReports.write(dir, ".half-copied.json", "{\"matches\": [");
		Cli cli = new Cli("scan_bad_input", home);
		sql = new Sql(cli.jdbcUrl());
		result = cli.run("run", "scan-import", "dir=" + dir);
	}

	@Test
	void jobCompletesAndCountsTheFilesThatFailed() {
		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(result.out()).contains("scan-import: COMPLETED")
			.contains(": 10 files, 3 imported (")
			.contains(", 0 already imported, 7 failed");
		assertThat(sql.rows("SELECT source FROM scan ORDER BY source")).containsExactly(
				List.of(dir.resolve("good.json").toString()), List.of(dir.resolve("no-digest.json").toString()),
				List.of(dir.resolve("no-vulnerabilities.json").toString()));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			truncated.json | ends in the middle of its JSON (line
			kev.json       | is not a scan report: it looks like a CISA KEV catalog
			pods.json      | is not a scan report: it looks like a Kubernetes PodList
			unreadable.json| cannot be read: Input/output error
			no-image.json  | names no image
			future.json    | says it was scanned at 2999-01-01T00:00:00Z, more than an hour ahead of this machine's clock
			too-long.json  | cannot be imported: the fixed version of finding CVE-2025-1 in openssl is 600 characters long, more than the 512""")
	void badFileIsNamedWithItsReason(String name, String reason) {
		assertThat(result.out()).contains("  failed: " + dir.resolve(name) + " " + reason);
	}

	@Test
	void badFilesThatCouldBeReadAreRecordedAsFailed() {
		assertThat(sql.rows("SELECT name FROM scan_file WHERE status = 'FAILED' ORDER BY name").stream()
			.map(row -> Path.of((String) row.get(0)).getFileName().toString())
			.toList()).containsExactly("future.json", "kev.json", "no-image.json", "pods.json", "too-long.json",
					"truncated.json");
	}

	@Test
	void filesUnderNamesStartingWithADotAreNotRead() {
		assertThat(result.out()).doesNotContain(".half-copied.json").doesNotContain(".uploading");
		assertThat(sql.count("SELECT COUNT(*) FROM scan WHERE source LIKE '%/.%'")).isZero();
	}

	@Test
	void reportWithoutVulnerabilitiesIsAScannedImageWithoutFindings() {
		JsonNode target = JSON.readTree(dir.resolve("no-vulnerabilities.json")).path("source").path("target");

		List<Object> image = sql.rows("SELECT id, scan_status, digest FROM image WHERE repository = 'busybox'"
				+ " AND digest = '" + target.path("manifestDigest").asString() + "'").get(0);

		assertThat(image.get(1)).isEqualTo("SCANNED");
		assertThat(sql.count("SELECT COUNT(*) FROM finding WHERE image_id = " + image.get(0))).isZero();
		assertThat(sql.count("SELECT finding_count FROM scan WHERE image_id = " + image.get(0))).isZero();
	}

	@Test
	void reportWithoutDigestsIsKeyedByItsNameWithABlankRegistry() {
		JsonNode raw = JSON.readTree(dir.resolve("no-digest.json"));
		String artifact = raw.path("ArtifactName").asString();

		List<List<Object>> images = sql.rows("SELECT id, registry, repository, digest, digest_kind FROM image"
				+ " WHERE repository = '" + artifact.substring(0, artifact.indexOf(':')) + "'");

		assertThat(images).singleElement().satisfies(image -> {
			assertThat(image.subList(1, 5)).containsExactly("", artifact.substring(0, artifact.indexOf(':')), "", null);
			assertThat(sql.count("SELECT COUNT(*) FROM finding WHERE image_id = " + image.get(0)))
				.isEqualTo(RawReport.trivy(raw).findingCount());
			assertThat(sql.rows("SELECT tag FROM image_tag WHERE image_id = " + image.get(0)))
				.containsExactly(List.of(artifact.substring(artifact.indexOf(':') + 1)));
		});
	}

	private static void copy(String fixture, String name) throws IOException {
		Files.copy(Fixtures.file(fixture), dir.resolve(name));
	}

}
