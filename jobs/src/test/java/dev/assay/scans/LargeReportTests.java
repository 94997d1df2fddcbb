package dev.assay.scans;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.assay.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 50 MB Grype report, written here from a real report's structure, is read in a JVM whose heap
 * is far smaller than the report held as a JSON tree would need.
 */
class LargeReportTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final long SIZE = 50L * 1024 * 1024;

	/** A tree of a 50 MB report alone takes several times this; records of its findings fit well within it. */
	private static final String HEAP = "-Xmx128m";

	@TempDir
	Path dir;

	@Test
	void fiftyMegabyteReportIsReadUnderASmallHeap() throws Exception {
		JsonNode fixture = JSON.readTree(Fixtures.file("grype/defectdojo/issue_9618.json"));
		RawReport expected = RawReport.grype(fixture);
		int copies = (int) (SIZE / JSON.writeValueAsBytes(fixture.path("matches")).length) + 1;
		Path file = this.dir.resolve("large-grype.json");
		writeCopies(fixture, copies, file);
		assertThat(Files.size(file)).isGreaterThanOrEqualTo(SIZE);

		Process java = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), HEAP, "-cp",
				System.getProperty("java.class.path"), ReadReportMain.class.getName(), file.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		assertThat(java.waitFor(5, TimeUnit.MINUTES)).isTrue();

		assertThat(java.exitValue()).as(output).isZero();
		assertThat(output).isEqualTo(expected.findingCount() * copies + " " + expected.scoreById().size() + " "
				+ expected.max() + " " + expected.bands());
	}

	/**
	 * The fixture with its matches repeated; each copy's packages get a version of their own, so
	 * every copy adds findings while the vulnerability ids stay those of the fixture.
	 */
	static void writeCopies(JsonNode fixture, int copies, Path file) throws IOException {
		try (OutputStream stream = Files.newOutputStream(file); JsonGenerator out = JSON.createGenerator(stream)) {
			out.writeStartObject();
			out.writeName("matches");
			out.writeStartArray();
			for (int copy = 0; copy < copies; copy++) {
				for (JsonNode match : fixture.path("matches")) {
					ObjectNode copied = (ObjectNode) match.deepCopy();
					ObjectNode artifact = (ObjectNode) copied.path("artifact");
					artifact.put("version", artifact.path("version").asString() + "+copy" + copy);
					out.writeTree(copied);
				}
			}
			out.writeEndArray();
			for (String field : new String[] { "source", "distro", "descriptor" }) {
				out.writeName(field);
				out.writeTree(fixture.path(field));
			}
			out.writeEndObject();
		}
	}

}
