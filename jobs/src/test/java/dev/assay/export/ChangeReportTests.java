package dev.assay.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import dev.assay.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three report sets with changes between them: each set's change report names what changed since
 * the one before (new FAILs, new KEV hits, changed results), and nothing else.
 */
class ChangeReportTests {

	private static final String A = "ghcr.io/org/a:1.0@sha256:" + "1".repeat(64);

	private static final String B = "ghcr.io/org/b:1.0@sha256:" + "2".repeat(64);

	private static final String C = "ghcr.io/org/c:1.0@sha256:" + "3".repeat(64);

	@TempDir
	Path home;

	@Test
	void eachSetReportsWhatChangedSinceThePreviousOne() throws IOException {
		// given A PASS, B WARN, C FAIL
		Cli cli = new Cli("export_changes", this.home);
		ExportTestData data = new ExportTestData(cli, this.home).migrate();
		long a = data.image("ghcr.io", "org/a", "sha256:" + "1".repeat(64), "SCANNED", "1.0");
		long b = data.image("ghcr.io", "org/b", "sha256:" + "2".repeat(64), "SCANNED", "1.0");
		long c = data.image("ghcr.io", "org/c", "sha256:" + "3".repeat(64), "SCANNED", "1.0");
		data.finding(a, "CVE-2024-1000", "zlib", "1.2", "1.3", "5.0");
		data.finding(b, "CVE-2024-2000", "curl", "8.0", "8.1", "7.5");
		data.finding(c, "CVE-2024-3000", "glibc", "2.36", null, "9.0");

		JsonNode first = export(cli);
		assertThat(first.at("/changes/previous").isNull()).isTrue();

		// when A gets a critical finding and B's CVE enters the KEV catalog
		data.finding(a, "CVE-2024-1001", "zlib", "1.2", "1.3", "9.8");
		FeedFiles feeds = new FeedFiles(new TreeSet<>(), 1);
		feeds.kev.put("CVE-2024-2000", new String[] { "2026-11-01", "2026-11-22", "Known" });
		data.run("kev-ingest", "url=" + feeds.writeKev(this.home.resolve("kev.json")).toUri());
		JsonNode second = export(cli);

		// then
		assertThat(second.at("/changes/previous").stringValue()).isEqualTo(first.get("set").stringValue());
		assertThat(strings(second.at("/changes/newFails"))).containsExactly(A);
		assertThat(second.at("/changes/newKevHits").toString())
			.isEqualTo("[{\"image\":\"" + B + "\",\"cve\":\"CVE-2024-2000\"}]");
		assertThat(second.at("/changes/resultChanges").toString())
			.isEqualTo("[{\"image\":\"" + A + "\",\"from\":\"PASS\",\"to\":\"FAIL\"}]");

		// when C's CVE is excepted and A's critical finding goes away with a new scan
		Path exceptions = Files.writeString(this.home.resolve("x.csv"),
				"CVE,Registry,Repository,Tags,Justification,Scope\nCVE-2024-3000,ghcr.io,org/c,,mitigated,repo\n");
		assertThat(cli.run("exceptions", "import", exceptions.toString()).exitCode()).isZero();
		data.sql().execute("DELETE FROM finding WHERE cve = 'CVE-2024-1001'");
		data.sql().execute("UPDATE image SET changed_at = NOW(3) + INTERVAL 2 SECOND WHERE id = " + a);
		JsonNode third = export(cli);

		// then
		assertThat(third.at("/changes/previous").stringValue()).isEqualTo(second.get("set").stringValue());
		assertThat(strings(third.at("/changes/newFails"))).isEmpty();
		assertThat(third.at("/changes/newKevHits").size()).as("B's KEV hit is no longer new").isZero();
		assertThat(third.at("/changes/resultChanges").toString())
			.isEqualTo("[{\"image\":\"" + A + "\",\"from\":\"FAIL\",\"to\":\"PASS\"},"
					+ "{\"image\":\"" + C + "\",\"from\":\"FAIL\",\"to\":\"PASS\"}]");
		String html = Files.readString(this.home.resolve("reports/latest/summary.html"));
		assertThat(html).contains("Compared with " + second.get("set").stringValue())
			.contains("Results that changed (2)")
			.contains("<code>" + C + "</code>: FAIL \u2192 PASS");
	}

	private JsonNode export(Cli cli) {
		Cli.Result result = cli.run("run", "export");
		assertThat(result.exitCode()).as(result.err()).isZero();
		Path set = ExportTestData.latest(this.home.resolve("reports"));
		return JsonMapper.shared().readTree(set.resolve("summary.json").toFile());
	}

	private static List<String> strings(JsonNode array) {
		List<String> strings = new ArrayList<>();
		array.forEach(node -> strings.add(node.stringValue()));
		return strings;
	}

}
