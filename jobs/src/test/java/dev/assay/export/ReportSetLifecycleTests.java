package dev.assay.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.assay.testing.Cli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Report sets appear whole or not at all, {@code latest} moves only after a set is complete, what a
 * killed export left is cleaned by the next, and retention never removes the new set or latest.
 */
class ReportSetLifecycleTests {

	@TempDir
	Path home;

	Cli cli;

	ExportTestData data;

	Path reports;

	@BeforeEach
	void database() {
		this.cli = new Cli("export_lifecycle", this.home);
		this.data = new ExportTestData(this.cli, this.home).migrate();
		long image = this.data.image("ghcr.io", "org/app", "sha256:" + "d".repeat(64), "SCANNED", "1.0");
		this.data.finding(image, "CVE-2024-0001", "openssl", "3.0.1", "3.0.2", "9.1");
		this.reports = this.home.resolve("reports");
	}

	@Test
	void setIsRenamedIntoPlaceAndLatestPointsAtIt() throws IOException {
		// when
		Cli.Result result = this.cli.run("run", "export");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		List<String> entries = entries();
		assertThat(entries).hasSize(2).contains("latest");
		String set = entries.stream().filter(name -> !name.equals("latest")).findFirst().orElseThrow();
		assertThat(set).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z");
		assertThat(Files.readSymbolicLink(this.reports.resolve("latest"))).as("relative link").isEqualTo(Path.of(set));
		assertThat(names(this.reports.resolve(set))).containsExactlyInAnyOrder("images.csv", "image-cves.csv",
				"images.json", "summary.json", "summary.html", "manifest.json");
	}

	@Test
	void whatAKilledExportLeftIsDeletedByTheNextRun() throws IOException {
		// given a partial set and an unmoved pointer, as a run killed half-way leaves them
		Path partial = Files.createDirectories(this.reports.resolve(".partial-2026-01-01T00-00-00Z"));
		Files.writeString(partial.resolve("image-cves.csv"), "Registry,Repo");
		Files.createSymbolicLink(this.reports.resolve(".latest-2026-01-01T00-00-00Z"), Path.of("2026-01-01T00-00-00Z"));

		// when
		Cli.Result result = this.cli.run("run", "export");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(entries()).hasSize(2).noneMatch(name -> name.startsWith("."));
	}

	@Test
	void failedExportLeavesNoSetAndLatestWhereItWas() throws IOException {
		// given a first set, then a database that fails the export half-way
		assertThat(this.cli.run("run", "export").exitCode()).isZero();
		Path latest = Files.readSymbolicLink(this.reports.resolve("latest"));
		this.data.sql().execute("DROP VIEW image_runtime");

		// when
		Cli.Result result = this.cli.run("run", "export");

		// then
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(entries()).containsExactlyInAnyOrder("latest", latest.toString());
		assertThat(Files.readSymbolicLink(this.reports.resolve("latest"))).isEqualTo(latest);
		assertThat(names(this.reports.resolve(latest))).contains("manifest.json");
	}

	@Test
	void retentionKeepsTheNewestSetsAndNeverTheNewOne() throws IOException {
		// given three old sets
		for (String old : List.of("2020-01-01T00-00-00Z", "2020-01-02T00-00-00Z", "2020-01-02T00-00-00Z-2")) {
			Files.writeString(Files.createDirectories(this.reports.resolve(old)).resolve("manifest.json"), "{}");
		}

		// when
		Cli.Result result = this.cli.run("run", "export", "--assay.export.keep=2");

		// then the new set and the newest old one stay
		assertThat(result.exitCode()).as(result.err()).isZero();
		String newSet = Files.readSymbolicLink(this.reports.resolve("latest")).toString();
		assertThat(entries()).containsExactlyInAnyOrder("latest", newSet, "2020-01-02T00-00-00Z-2");
		assertThat(result.out()).contains("pruned 2020-01-02T00-00-00Z, 2020-01-01T00-00-00Z");
	}

	@Test
	void maxAgeRemovesOldSetsButNotTheNewOneHoweverShort() throws IOException {
		// given an old set
		Files.createDirectories(this.reports.resolve("2020-01-01T00-00-00Z"));
		Files.createDirectories(this.reports.resolve("not-a-set"));

		// when
		Cli.Result result = this.cli.run("run", "export", "--assay.export.keep=0", "--assay.export.max-age=1ms");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		String newSet = Files.readSymbolicLink(this.reports.resolve("latest")).toString();
		assertThat(entries()).as("folders that are no set are left alone").containsExactlyInAnyOrder("latest", newSet,
				"not-a-set");
	}

	@Test
	void exportsInTheSameSecondGetNamesOfTheirOwn() throws IOException {
		assertThat(this.cli.run("run", "export").exitCode()).isZero();
		String first = Files.readSymbolicLink(this.reports.resolve("latest")).toString();
		// A set of this name already exists: the next one in the same second must not reuse it.
		Files.createDirectories(this.reports.resolve(first.replace("Z", "Z-x")));
		assertThat(this.cli.run("run", "export").exitCode()).isZero();
		String second = Files.readSymbolicLink(this.reports.resolve("latest")).toString();
		assertThat(second).isNotEqualTo(first);
		assertThat(names(this.reports.resolve(first))).contains("manifest.json");
	}

	@Test
	void reportFolderThatCannotBeWrittenIsNamedWithWhatToDo() throws IOException {
		Path file = Files.writeString(this.home.resolve("a-file"), "not a folder");

		Cli.Result result = this.cli.run("run", "export", "--assay.export.dir=" + file.resolve("reports"));

		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.out() + result.err()).contains("Cannot write a report set in " + file.resolve("reports"))
			.contains("check that assay.export.dir names a writable folder");
	}

	@Test
	void badPropertyRefusesToStart() {
		Cli.Result result = this.cli.run("run", "export", "--assay.export.keep=-1");
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("assay.export.keep");
	}

	private List<String> entries() throws IOException {
		return names(this.reports);
	}

	private static List<String> names(Path folder) throws IOException {
		try (Stream<Path> entries = Files.list(folder)) {
			return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
		}
	}

}
