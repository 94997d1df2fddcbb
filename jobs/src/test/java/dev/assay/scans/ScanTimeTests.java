package dev.assay.scans;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * When a scan was taken is the report's own time stamp, in each format's field, as an instant
 * whatever offset it was written with; a report without one has none, and a time stamp that could
 * put the wrong scan first is refused.
 */
class ScanTimeTests {

	@TempDir
	Path dir;

	@Test
	void eachFormatGivesItsOwnTimestampAsAnInstant() throws IOException {
		ScanReport grype = read(ScoreRulesTests.grype("")
			.replace("\"descriptor\": {", "\"descriptor\": {\"timestamp\": \"2023-09-01T08:13:42.20194-04:00\", "));
		ScanReport trivy = read(ScoreRulesTests.trivy("")
			.replace("\"SchemaVersion\": 2,", "\"SchemaVersion\": 2, \"CreatedAt\": \"2021-08-25T12:20:30.000000005Z\","));
		ScanReport cycloneDx = read(ScoreRulesTests.cycloneDx("")
			.replace("\"metadata\": {", "\"metadata\": {\"timestamp\": \"2022-07-22T09:45:32+01:00\", "));

		assertThat(grype.scannedAt()).isEqualTo(Instant.parse("2023-09-01T12:13:42.201940Z"));
		assertThat(trivy.scannedAt()).isEqualTo(Instant.parse("2021-08-25T12:20:30.000000005Z"));
		assertThat(cycloneDx.scannedAt()).isEqualTo(Instant.parse("2022-07-22T08:45:32Z"));
	}

	@Test
	void reportWithoutTimestampHasNoScanTime() throws IOException {
		assertThat(read(ScoreRulesTests.grype("")).scannedAt()).isNull();
		assertThat(read(ScoreRulesTests.trivy("")).scannedAt()).isNull();
		assertThat(read(ScoreRulesTests.cycloneDx("")).scannedAt()).isNull();
		assertThat(read("[{\"Target\": \"app:1 (debian 12)\", \"Vulnerabilities\": []}]").scannedAt()).isNull();
	}

	@Test
	void blankTimestampAndGoZeroTimeAreNoScanTime() throws IOException {
		assertThat(read(grypeAt("")).scannedAt()).isNull();
		assertThat(read(grypeAt("0001-01-01T00:00:00Z")).scannedAt()).isNull();
	}

	@Test
	void timestampThatIsNoDateTimeIsRefusedNamingTheField() throws IOException {
		Path file = write(grypeAt("yesterday"));

		assertThatExceptionOfType(ReportException.class).isThrownBy(() -> ScanReports.read(file))
			.withMessageContaining(file.toString())
			.withMessageContaining("field descriptor.timestamp 'yesterday' is not a date-time");
	}

	@Test
	void timestampWithoutOffsetIsRefused() throws IOException {
		Path file = write(ScoreRulesTests.trivy("")
			.replace("\"SchemaVersion\": 2,", "\"SchemaVersion\": 2, \"CreatedAt\": \"2021-08-25T12:20:30\","));

		assertThatExceptionOfType(ReportException.class).isThrownBy(() -> ScanReports.read(file))
			.withMessageContaining("field CreatedAt '2021-08-25T12:20:30' is not a date-time with an offset");
	}

	@Test
	void timestampBefore1970IsRefused() throws IOException {
		Path file = write(grypeAt("1969-12-31T23:59:59Z"));

		assertThatExceptionOfType(ReportException.class).isThrownBy(() -> ScanReports.read(file))
			.withMessageContaining("field descriptor.timestamp '1969-12-31T23:59:59Z' is before 1970");
	}

	private static String grypeAt(String timestamp) {
		return ScoreRulesTests.grype("")
			.replace("\"descriptor\": {", "\"descriptor\": {\"timestamp\": \"" + timestamp + "\", ");
	}

	private ScanReport read(String json) throws IOException {
		return ScanReports.read(write(json));
	}

	private Path write(String json) throws IOException {
		return Files.writeString(Files.createTempFile(this.dir, "report-", ".json"), json);
	}

}
