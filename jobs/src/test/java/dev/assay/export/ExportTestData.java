package dev.assay.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import dev.assay.testing.Cli;
import dev.assay.testing.Fixtures;
import dev.assay.testing.Sql;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Builds the database the export tests read: the real scan reports of {@code ../shared/fixtures/}
 * imported by {@code scan-import}, generated EPSS and KEV feeds loaded by their jobs, exceptions
 * imported by {@code exceptions import}, and, with plain SQL, what other packages would write:
 * running containers, an UNKNOWN image with findings, a scanned image without any, and an image
 * whose cells start with formula characters.
 */
final class ExportTestData {

	/** A finding's cells that a spreadsheet would run as formulas. */
	static final String FORMULA_PACKAGE = "=HYPERLINK(\"http://example.com\",\"x\")";

	static final String FORMULA_VERSION = "+1.0";

	static final String FORMULA_FIXED = "-2.0";

	static final String FORMULA_JUSTIFICATION = "@accepted: not reachable";

	private final Cli cli;

	private final Sql sql;

	private final Path home;

	FeedFiles feeds;

	ExportTestData(Cli cli, Path home) {
		this.cli = cli;
		this.sql = new Sql(cli.jdbcUrl());
		this.home = home;
	}

	/** Creates the schema, as the first command against a database does. */
	ExportTestData migrate() {
		Cli.Result status = this.cli.run("status");
		assertThat(status.exitCode()).as(status.err()).isZero();
		return this;
	}

	Sql sql() {
		return this.sql;
	}

	ExportTestData build() throws IOException {
		importFixtureReports();
		specialImages();
		this.feeds = new FeedFiles(new TreeSet<>(this.sql.rows("SELECT DISTINCT cve FROM finding WHERE cve IS NOT NULL")
			.stream()
			.map(row -> (String) row.get(0))
			.toList()), 11);
		run("epss-ingest", "url=" + this.feeds.writeEpss(this.home.resolve("epss.csv.gz")).toUri());
		run("kev-ingest", "url=" + this.feeds.writeKev(this.home.resolve("kev.json")).toUri());
		exceptions();
		runtime();
		return this;
	}

	Cli.Result run(String job, String... parameters) {
		String[] args = Stream.concat(Stream.of("run", job), Stream.of(parameters)).toArray(String[]::new);
		Cli.Result result = this.cli.run(args);
		assertThat(result.exitCode()).as(job + ": " + result.out() + result.err()).isZero();
		return result;
	}

	private void importFixtureReports() throws IOException {
		Path reports = Files.createDirectories(this.home.resolve("scans"));
		for (Path file : Fixtures.scanReports()) {
			Path copy = reports.resolve(Fixtures.relative(file));
			Files.createDirectories(copy.getParent());
			Files.copy(file, copy);
		}
		run("scan-import", "dir=" + reports);
		assertThat(this.sql.count("SELECT COUNT(*) FROM finding")).isGreaterThan(1000);
	}

	/** Images whose rows the fixtures do not give: UNKNOWN with findings, none, formula cells; more tags. */
	private void specialImages() {
		long unknown = image("registry.test", "team/unknown", "sha256:" + "a".repeat(64), "FAILED", "1.0");
		finding(unknown, "CVE-2024-3094", "xz-utils", "5.6.0", "5.6.2", "10.0");
		finding(unknown, "CVE-2023-4863", "libwebp", "1.2.4", null, "8.8");
		image("registry.test", "team/clean", "sha256:" + "b".repeat(64), "SCANNED", "2.0");
		long formula = image("registry.test", "team/formula", "sha256:" + "c".repeat(64), "SCANNED", "3.0");
		finding(formula, "CVE-2021-44228", FORMULA_PACKAGE, FORMULA_VERSION, FORMULA_FIXED, "10.0");
		finding(formula, "CVE-2021-45046", "log4j-core", "2.15.0", "2.16.0", "9.0");
		// A second tag on a fixture image that has one, so that its Tags cell holds commas and quotes.
		this.sql.execute("INSERT INTO image_tag (image_id, tag) SELECT MIN(image_id), 'zz-extra' FROM image_tag"
				+ " WHERE image_id IN (SELECT image_id FROM finding)");
	}

	private void exceptions() throws IOException {
		// One of each scope, on CVEs of images that have them, and one expired that must not count.
		List<Object> anyScope = this.sql.rows("SELECT f.cve FROM finding f JOIN image i ON i.id = f.image_id"
				+ " WHERE f.cve IS NOT NULL AND f.cvss3_score >= 9 AND i.repository NOT LIKE 'team/%'"
				+ " ORDER BY f.cve LIMIT 1").get(0);
		List<Object> repoScope = this.sql.rows("SELECT f.cve, i.registry, i.repository FROM finding f"
				+ " JOIN image i ON i.id = f.image_id WHERE f.cve IS NOT NULL AND f.cvss3_score >= 8"
				+ " AND i.repository NOT LIKE 'team/%' ORDER BY f.cve DESC LIMIT 1").get(0);
		List<Object> imageScope = this.sql.rows("SELECT f.vuln_id, i.registry, i.repository, MIN(t.tag) FROM finding f"
				+ " JOIN image i ON i.id = f.image_id JOIN image_tag t ON t.image_id = i.id"
				+ " WHERE f.cvss3_score >= 7 AND i.repository NOT LIKE 'team/%'"
				+ " GROUP BY f.id ORDER BY f.id LIMIT 1").get(0);
		String csv = "CVE,Registry,Repository,Tags,Justification,Scope,Expires\n"
				+ anyScope.get(0) + ",,,,accepted everywhere,any,\n"
				+ repoScope.get(0) + "," + repoScope.get(1) + "," + repoScope.get(2) + ",,\"not used, by this repo\",repo,\n"
				+ imageScope.get(0) + "," + imageScope.get(1) + "," + imageScope.get(2) + ",\"[\"\"" + imageScope.get(3)
				+ "\"\"]\",only this build,image,\n"
				+ "CVE-2021-44228,registry.test,team/formula,,\"" + FORMULA_JUSTIFICATION.replace("\"", "\"\"")
				+ "\",repo,\n"
				+ "CVE-2021-45046,,,,expired long ago,any,2020-01-01\n";
		Path file = Files.writeString(this.home.resolve("exceptions.csv"), csv);
		Cli.Result imported = this.cli.run("exceptions", "import", file.toString());
		assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
	}

	/** Two clusters; the first images (by id) run in one or both, in a few namespaces. */
	private void runtime() {
		this.sql.execute("INSERT INTO runtime_cluster (name, source, last_success, running_containers)"
				+ " VALUES ('prod', 'API', NOW(3), 0), ('staging', 'SNAPSHOT', NOW(3), 0)");
		List<List<Object>> images = this.sql.rows("SELECT id FROM image ORDER BY id LIMIT 12");
		int n = 0;
		for (List<Object> row : images) {
			long image = ((Number) row.get(0)).longValue();
			String namespace = "ns-" + (n % 3);
			container("prod", namespace, "pod-" + n, image);
			if (n % 2 == 0) {
				container("prod", namespace, "pod-" + n + "-b", image);
				container("staging", "ns-stage", "pod-" + n, image);
			}
			n++;
		}
		// The formula image runs too, so that the fix-first list has a KEV-free 10.0 to rank.
		container("prod", "ns-formula", "pod-formula",
				((Number) this.sql.value("SELECT id FROM image WHERE repository = 'team/formula'")).longValue());
	}

	private void container(String cluster, String namespace, String pod, long image) {
		this.sql.execute("INSERT INTO runtime_container (cluster, namespace, pod, container, image_ref, image_id,"
				+ " digest_known) VALUES ('" + cluster + "', '" + namespace + "', '" + pod + "', 'app', 'x', " + image
				+ ", TRUE)");
	}

	long image(String registry, String repository, String digest, String status, String tag) {
		try (Connection connection = this.sql.connect()) {
			long image = Sql.insert(connection, """
					INSERT INTO image (registry, repository, digest, digest_kind, first_seen, last_scanned, scan_status,
						unknown_reason, changed_at)
					VALUES (?, ?, ?, 'REPOSITORY', NOW(3), NOW(3), ?, ?, NOW(3))""", registry, repository, digest,
					status, status.equals("SCANNED") ? null : "scan failed: test");
			Sql.insert(connection, "INSERT INTO image_tag (image_id, tag) VALUES (?, ?)", image, tag);
			Sql.insert(connection, """
					INSERT INTO scan (image_id, format, scanned_at, imported_at, source, finding_count)
					VALUES (?, 'GRYPE', NOW(3), NOW(3), 'test', 0)""", image);
			return image;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	void finding(long image, String cve, String packageName, String version, String fixed, String cvss) {
		try (Connection connection = this.sql.connect()) {
			Sql.insert(connection, """
					INSERT INTO finding (image_id, scan_id, vuln_id, cve, package_name, package_version, fixed_version,
						cvss3_score)
					VALUES (?, (SELECT MAX(id) FROM scan WHERE image_id = ?), ?, ?, ?, ?, ?, ?)""", image, image, cve,
					cve, packageName, version, fixed, (cvss != null) ? new BigDecimal(cvss) : null);
			Sql.insert(connection, "UPDATE image SET changed_at = NOW(3) + INTERVAL 1 SECOND WHERE id = ?", image);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}


	/** The folder {@code latest} points at. */
	static Path latest(Path reports) {
		try {
			return reports.resolve(Files.readSymbolicLink(reports.resolve("latest")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
