package dev.assay.bench;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.assay.AssayApplication;
import dev.assay.batch.JobOutcome;
import dev.assay.batch.JobRunner;
import dev.assay.testing.EpssFiles;
import dev.assay.testing.Fixtures;
import dev.assay.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How close {@code assess} comes to one hand-written SQL statement that computes the same max
 * CVSS per image, on the same server: a {@link Fleet} of {@value Fleet#IMAGES} images with
 * {@value Fleet#FINDINGS} findings and {@value Fleet#EXCEPTIONS} exceptions, loaded with
 * {@code LOAD DATA}, with an EPSS snapshot and the real KEV catalog loaded by {@code epss-ingest}
 * and {@code kev-ingest}. The goal is that assessing every image, as a change of rules or feeds
 * does, takes at most 1.3 times as long as the statement ({@code assessFeedsChanged}); counting
 * every finding again ({@code assessAll}, which a new scan does once per image) is reported too. The
 * jobs are timed from {@link JobRunner#run} to their end, in one application context started once.
 */
class AssessBenchmark {

	private static final String KEV = "kev/known_exploited_vulnerabilities.json";

	/**
	 * The max CVSS of every image over the findings no active exception covers, in one statement:
	 * the highest-scored finding of each image, found by reading its index on (image_id,
	 * cvss3_score) from the top, that no exception covers, with the assessment's rules (an
	 * exception names the CVE or the reported id; scope any, repo, or image with one of the image's
	 * tags; not expired). NULL for an image without one. It reads only the first few findings of
	 * each image, so it was the fastest of the forms tried; see the README for the others.
	 */
	static final String BASELINE = """
			SELECT i.id, (
				SELECT f.cvss3_score
				FROM finding f
				WHERE f.image_id = i.id AND f.cvss3_score IS NOT NULL
					AND NOT EXISTS (SELECT 1 FROM vuln_exception x WHERE x.cve = f.cve AND %1$s)
					AND NOT EXISTS (SELECT 1 FROM vuln_exception x WHERE x.cve = f.vuln_id AND %1$s)
				ORDER BY f.cvss3_score DESC
				LIMIT 1)
			FROM image i""".formatted("""
			(x.expires IS NULL OR x.expires >= UTC_DATE())
						AND (x.scope = 'any' OR (x.registry = i.registry AND x.repository = i.repository
							AND (x.scope = 'repo' OR EXISTS (SELECT 1 FROM vuln_exception_tag xt
								JOIN image_tag it ON it.tag = xt.tag
								WHERE xt.exception_id = x.id AND it.image_id = i.id))))""");

	/** The tables the fleet is loaded into, parents first. */
	private static final List<String> TABLES = List.of("image", "scan", "image_tag", "finding", "vuln_exception",
			"vuln_exception_tag");

	private static final String BEFORE = "bench_assessed_before";

	@TempDir
	Path home;

	@Test
	void assessAgainstOneHandWrittenStatement() throws Exception {
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		Path kev = Fixtures.file(KEV);
		List<String> kevCves = JsonMapper.shared()
			.readTree(kev.toFile())
			.path("vulnerabilities")
			.valueStream()
			.map(entry -> entry.path("cveID").asString())
			.toList();
		Fleet fleet = new Fleet(kevCves, today);
		Path tables = Files.createDirectories(this.home.resolve("tables"));
		Map<String, Long> rows = fleet.writeTables(tables);
		// Two snapshots, ingested in turn before each run of assessFeedsChanged: nearly every score moves.
		List<EpssFile> epss = List.of(epssFile(this.home.resolve("epss-1.csv.gz"), kevCves, 1),
				epssFile(this.home.resolve("epss-2.csv.gz"), kevCves, 2));
		AtomicInteger currentEpss = new AtomicInteger();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(AssayApplication.class)
			.run(TestDatabase.springArgs("bench_assess", this.home));
		try {
			JobRunner jobs = context.getBean(JobRunner.class);
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			feed(jobs, "epss-ingest", epss.get(0).file());
			feed(jobs, "kev-ingest", kev);
			load(jdbc, tables, rows);
			Map<Long, BigDecimal> expected = fleet.expectedMaxCvss();
			long lowered = lowered(fleet.maxCvssWithoutExceptions(), expected);
			if (lowered == 0) {
				throw new IllegalStateException("The fleet's exceptions lower no image's max CVSS: the checks could not"
						+ " tell a statement that ignores them from one that applies them");
			}
			// Loading the fleet takes minutes: two counted rounds, no warm-up, keep a run near five
			// minutes. The first assessment, which counts every finding, is then a counted one.
			BenchReport report = new BenchReport("assess", Fleet.FINDINGS, 0, 2);

			report.add("baseline", "one SELECT: max CVSS per image over findings no active exception covers",
					() -> QuietServer.settle(jdbc), () -> baseline(jdbc, expected));
			report.add("assessAll",
					"assess force=true: result, bands, KEV count and max EPSS of every image, every finding counted again",
					() -> QuietServer.settle(jdbc), () -> assess(jobs, Map.of("force", "true"), Fleet.IMAGES));
			report.add("assessFeedsChanged", "assess after a new EPSS snapshot: every image, summaries reused", () -> {
				currentEpss.set(1 - currentEpss.get());
				feed(jobs, "epss-ingest", epss.get(currentEpss.get()).file());
				QuietServer.settle(jdbc);
			}, () -> assess(jobs, Map.of(), Fleet.IMAGES));
			report.add("assessChanged", "assess after 1% of the images changed", () -> {
				changeOnePercent(jdbc);
				QuietServer.settle(jdbc);
			},
					() -> assess(jobs, Map.of(), Fleet.IMAGES / 100));
			report.run();
			// assessChanged ran last: the database holds what its last run left.
			report.put("reassessedImages", checkOnlyChangedReassessed(jdbc));
			checkResults(jdbc, fleet.expectedResults(epss.get(currentEpss.get()).scores(), new HashSet<>(kevCves)));
			report.put("images", Fleet.IMAGES);
			report.put("exceptions", Fleet.EXCEPTIONS);
			report.put("exceptedFindings", fleet.coveredFindings());
			report.put("imagesLoweredByExceptions", lowered);
			report.put("innodbBufferPoolMegabytes",
					jdbc.queryForObject("SELECT @@innodb_buffer_pool_size DIV 1048576", Long.class));
			report.ratio("ratioAll", "assessAll", "baseline");
			report.ratio("ratioFeedsChanged", "assessFeedsChanged", "baseline");
			report.ratio("ratioChanged", "assessChanged", "baseline");
			report.write();
		}
		finally {
			// The Quartz scheduler would otherwise outlive the benchmark.
			SpringApplication.exit(context);
		}
	}

	/** A generated EPSS file and the score it gives each CVE. */
	record EpssFile(Path file, Map<String, Double> scores) {
	}

	/**
	 * An EPSS file of {@link Fleet#EPSS_ROWS} generated CVEs and the KEV CVEs, which the real feed
	 * scores too; {@code seed} draws the scores.
	 */
	static EpssFile epssFile(Path file, List<String> kevCves, long seed) {
		List<String> lines = EpssFiles.lines(Fleet.EPSS_ROWS, seed, "2025-09-06");
		Set<String> scored = new HashSet<>();
		lines.subList(2, lines.size()).forEach(line -> scored.add(line.substring(0, line.indexOf(','))));
		SplittableRandom random = new SplittableRandom(5 + seed);
		for (String cve : new LinkedHashSet<>(kevCves)) {
			if (scored.add(cve)) {
				lines.add(EpssFiles.row(cve, random.nextInt(1, 100_000) / 100_000.0,
						random.nextInt(0, 100_001) / 100_000.0));
			}
		}
		Map<String, Double> scores = new HashMap<>();
		for (String line : lines.subList(2, lines.size())) {
			String[] fields = line.split(",");
			scores.put(fields[0], Double.parseDouble(fields[1]));
		}
		return new EpssFile(EpssFiles.writeLines(file, lines), scores);
	}

	static void feed(JobRunner jobs, String job, Path file) {
		JobOutcome outcome = jobs.run(job, Map.of("url", file.toUri().toString()));
		if (outcome.status() != JobOutcome.Status.COMPLETED) {
			throw new IllegalStateException(job + " of " + file + " failed: " + outcome.message());
		}
	}

	/**
	 * Loads the fleet's tables with LOAD DATA, then refreshes the optimizer's statistics, as a
	 * database that grew by imports has them.
	 */
	static void load(JdbcTemplate jdbc, Path folder, Map<String, Long> rows) {
		jdbc.execute((ConnectionCallback<Void>) connection -> {
			try (Statement statement = connection.createStatement()) {
				// The rows are consistent by construction; checking each key again only slows the load.
				statement.execute("SET foreign_key_checks = 0, unique_checks = 0");
				for (String table : TABLES) {
					Path file = folder.resolve(table + ".tsv");
					String columns = table.equals("finding") ? " (" + Fleet.FINDING_COLUMNS + ")" : "";
					long loaded = statement.executeLargeUpdate("LOAD DATA LOCAL INFILE '" + file.toAbsolutePath()
							+ "' INTO TABLE " + table + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t'"
							+ " LINES TERMINATED BY '\\n'" + columns);
					if (loaded != rows.get(table)) {
						throw new IllegalStateException("LOAD DATA loaded " + loaded + " rows of " + rows.get(table)
								+ " from " + file);
					}
				}
				statement.execute("SET foreign_key_checks = 1, unique_checks = 1");
				statement.execute("ANALYZE TABLE " + String.join(", ", TABLES));
			}
			return null;
		});
	}

	/** Runs the statement and fails unless it gives every image the max CVSS the fleet says. */
	private static void baseline(JdbcTemplate jdbc, Map<Long, BigDecimal> expected) {
		Map<Long, BigDecimal> maxCvss = new HashMap<>();
		jdbc.query(BASELINE, (row) -> {
			BigDecimal max = row.getBigDecimal(2);
			if (max != null) {
				maxCvss.put(row.getLong(1), max);
			}
		});
		if (!maxCvss.equals(expected)) {
			throw new IllegalStateException("The baseline statement gave " + wrong(maxCvss, expected) + " of "
					+ expected.size() + " images another max CVSS than the rules");
		}
	}

	private static void assess(JobRunner jobs, Map<String, String> parameters, int images) {
		JobOutcome outcome = jobs.run("assess", parameters);
		long assessed = (outcome.execution() != null) ? outcome.execution()
			.getStepExecutions()
			.stream()
			.mapToLong(StepExecution::getWriteCount)
			.sum() : 0;
		if (outcome.status() != JobOutcome.Status.COMPLETED || assessed != images) {
			throw new IllegalStateException("assess " + parameters + " assessed " + assessed + " images, not " + images
					+ ": " + outcome.message());
		}
	}

	/** Keeps every image's assessment time, then marks 1% of the images changed, a second from now. */
	private static void changeOnePercent(JdbcTemplate jdbc) {
		jdbc.execute("DROP TABLE IF EXISTS " + BEFORE);
		jdbc.execute("CREATE TABLE " + BEFORE + " (PRIMARY KEY (image_id))"
				+ " AS SELECT image_id, assessed_at FROM image_assessment");
		int changed = jdbc.update("UPDATE image SET changed_at = NOW(3) + INTERVAL 1 SECOND WHERE id % 100 = 0");
		if (changed != Fleet.IMAGES / 100) {
			throw new IllegalStateException("Marked " + changed + " images changed, not " + Fleet.IMAGES / 100);
		}
	}

	/** Proves the last incremental run re-assessed the changed images and no other. */
	private static long checkOnlyChangedReassessed(JdbcTemplate jdbc) {
		Map<String, Object> moved = jdbc.queryForMap("SELECT COUNT(*) AS moved, COUNT(CASE WHEN a.image_id % 100 = 0"
				+ " THEN 1 END) AS changed FROM image_assessment a JOIN " + BEFORE + " b ON b.image_id = a.image_id"
				+ " WHERE a.assessed_at <> b.assessed_at");
		long reassessed = ((Number) moved.get("moved")).longValue();
		if (reassessed != Fleet.IMAGES / 100 || ((Number) moved.get("changed")).longValue() != reassessed) {
			throw new IllegalStateException("The incremental assessment should have re-assessed the "
					+ Fleet.IMAGES / 100 + " changed images and no other, but moved the assessment time of " + moved);
		}
		return reassessed;
	}

	/**
	 * Proves the assessment gave every image the max CVSS, counts by band, KEV count and max EPSS
	 * that the fleet computes.
	 */
	private static void checkResults(JdbcTemplate jdbc, Map<Long, Fleet.Expected> expected) {
		Map<Long, Fleet.Expected> assessed = new HashMap<>();
		jdbc.query("SELECT image_id, max_cvss, critical, high, medium, low, none, kev_count, max_epss"
				+ " FROM image_assessment", (row) -> {
					double maxEpss = row.getDouble(9);
					assessed.put(row.getLong(1), new Fleet.Expected(row.getBigDecimal(2),
							List.of(row.getInt(3), row.getInt(4), row.getInt(5), row.getInt(6), row.getInt(7)),
							row.getInt(8), row.wasNull() ? null : maxEpss));
				});
		if (!assessed.equals(expected)) {
			long wrong = expected.keySet()
				.stream()
				.filter(image -> !expected.get(image).equals(assessed.get(image)))
				.count();
			Long example = expected.keySet()
				.stream()
				.filter(image -> !expected.get(image).equals(assessed.get(image)))
				.findFirst()
				.orElse(null);
			throw new IllegalStateException("assess left " + assessed.size() + " assessments of " + expected.size()
					+ " images, " + wrong + " of them other than the fleet's; image " + example + ": "
					+ assessed.get(example) + ", expected " + expected.get(example));
		}
	}

	private static long wrong(Map<Long, BigDecimal> actual, Map<Long, BigDecimal> expected) {
		Set<Long> images = new HashSet<>(actual.keySet());
		images.addAll(expected.keySet());
		return images.stream().filter(image -> !Objects.equals(actual.get(image), expected.get(image))).count();
	}

	/** How many images have a lower max CVSS, or none, because of the exceptions. */
	private static long lowered(Map<Long, BigDecimal> withoutExceptions, Map<Long, BigDecimal> expected) {
		return withoutExceptions.keySet()
			.stream()
			.filter(image -> !withoutExceptions.get(image).equals(expected.get(image)))
			.count();
	}

}
