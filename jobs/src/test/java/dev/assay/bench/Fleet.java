package dev.assay.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import dev.assay.testing.EpssFiles;

/**
 * A fleet generated for the assessment benchmark: {@value #IMAGES} images of
 * {@value #REPOSITORIES} repositories (a build of each repository per {@value #REPOSITORIES}
 * images, tagged {@code 1.<build>.0}, the last build also {@code latest}), ~150 findings each
 * ({@value #FINDINGS} in all), and {@value #EXCEPTIONS} exceptions. Written as tab-separated files
 * for {@code LOAD DATA}, with the max CVSS of each image that the rules of DESIGN.md give, computed
 * here from what was generated.
 * <p>
 * Findings name vulnerabilities of a pool of {@value #POOL}, the first ones more often, as a few
 * are found in most images; each has one score everywhere, 0.0 to 10.0 with one decimal, none for
 * one in twenty. Every 35th is a CVE of the KEV catalog given, the others are CVEs of the EPSS file
 * that {@link EpssFiles} writes; one in ten is reported by its GHSA id with the CVE as alias, one in
 * fifty has a GHSA id only. An exception names a vulnerability of an image it was written for: a
 * fifth scope {@code any}, two fifths {@code repo}, two fifths {@code image} with one to three tags
 * of its repository; one in ten has expired, one in ten expires in three months.
 */
final class Fleet {

	static final int IMAGES = 20_000;

	static final int REPOSITORIES = 1_000;

	static final long FINDINGS = 3_000_000;

	static final int POOL = 50_000;

	static final int EXCEPTIONS = 1_000;

	/** The EPSS file the fleet's CVEs are scored by has this many rows ({@link EpssFiles#cve}). */
	static final int EPSS_ROWS = 300_000;

	/** Docker Hub images carry no registry. */
	private static final List<String> REGISTRIES = List.of("", "ghcr.io", "quay.io", "registry.example.com");

	/** Packages findings are in: type, name, and the purl before the version. */
	private static final List<String[]> PACKAGES = List.of(deb("openssl"), deb("libssl3"), deb("libc6"),
			deb("zlib1g"), deb("curl"), deb("libcurl4"), deb("libxml2"), deb("libexpat1"), deb("perl-base"),
			deb("tar"), deb("bash"), deb("coreutils"), deb("libgnutls30"), deb("libsqlite3-0"), deb("libpcre2-8-0"),
			deb("libtiff6"), deb("libpng16-16"), deb("util-linux"),
			maven("com.fasterxml.jackson.core", "jackson-databind"), maven("org.apache.commons", "commons-compress"),
			maven("io.netty", "netty-handler"), maven("org.yaml", "snakeyaml"), maven("ch.qos.logback", "logback-core"),
			other("npm", "lodash"), other("npm", "minimist"), other("npm", "semver"), other("python", "urllib3"),
			other("python", "requests"));

	/** NVD vectors by the score's band, critical first. */
	private static final List<String> VECTORS = List.of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
			"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H",
			"CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:L/I:N/A:N");

	/** An exception as generated; {@code tags} is empty unless the scope is {@code image}. */
	record ExceptionRow(int id, String name, String scope, String registry, String repository, List<String> tags,
			LocalDate expires) {

		boolean activeOn(LocalDate today) {
			return this.expires == null || !this.expires.isBefore(today);
		}

	}

	private final String[] vulnIds = new String[POOL];

	private final String[] cves = new String[POOL];

	/** Scores in tenths, -1 for none. */
	private final int[] scores = new int[POOL];

	/** The pool entries of each image's findings, by image id - 1. */
	private final int[][] findings = new int[IMAGES][];

	private final List<ExceptionRow> exceptions = new ArrayList<>();

	private final LocalDate today;

	/**
	 * @param kevCves the CVEs of a KEV catalog, some of which the findings name
	 * @param today the day the assessment runs on, which the exceptions' expiry is set from
	 */
	Fleet(List<String> kevCves, LocalDate today) {
		this.today = today;
		pool(new LinkedHashSet<>(kevCves));
		long total = 0;
		for (int image = 1; image <= IMAGES; image++) {
			this.findings[image - 1] = draw(image);
			total += this.findings[image - 1].length;
		}
		if (total != FINDINGS) {
			throw new IllegalStateException("The fleet has " + total + " findings, not " + FINDINGS);
		}
		drawExceptions();
	}

	private void pool(Set<String> kev) {
		Iterator<String> kevLeft = kev.iterator();
		int epssRow = 0;
		for (int k = 0; k < POOL; k++) {
			String cve;
			if (k % 35 == 0 && kevLeft.hasNext()) {
				cve = kevLeft.next();
			}
			else {
				do {
					cve = EpssFiles.cve(epssRow);
					epssRow += 5;
				}
				while (kev.contains(cve));
			}
			if (k % 50 == 49) {
				this.vulnIds[k] = GrypeReports.ghsa(k);
			}
			else {
				this.cves[k] = cve;
				this.vulnIds[k] = (k % 10 == 3) ? GrypeReports.ghsa(k) : cve;
			}
			SplittableRandom random = new SplittableRandom(31L * k + 7);
			this.scores[k] = (random.nextInt(20) == 0) ? -1 : random.nextInt(101);
		}
		if (epssRow >= EPSS_ROWS) {
			throw new IllegalStateException("The pool needs EPSS rows up to " + epssRow + ", more than " + EPSS_ROWS);
		}
	}

	/**
	 * The distinct pool entries of one image: 150 on average, since an odd image has 150 + d and
	 * the even one after it 150 - d, d from -50 to 50.
	 */
	private static int[] draw(int image) {
		int pair = (image % 2 == 1) ? image : image - 1;
		int d = new SplittableRandom(1_000_003L * pair).nextInt(-50, 51);
		int count = 150 + ((image % 2 == 1) ? d : -d);
		SplittableRandom random = new SplittableRandom(image);
		Set<Integer> drawn = new HashSet<>();
		int[] entries = new int[count];
		for (int i = 0; i < count; i++) {
			int k;
			do {
				double u = random.nextDouble();
				k = (int) (POOL * u * u);
			}
			while (!drawn.add(k));
			entries[i] = k;
		}
		return entries;
	}

	private void drawExceptions() {
		SplittableRandom random = new SplittableRandom(42);
		for (int e = 0; e < EXCEPTIONS; e++) {
			int image = 1 + random.nextInt(IMAGES);
			int[] entries = this.findings[image - 1];
			int k = entries[random.nextInt(entries.length)];
			boolean byGhsa = this.cves[k] == null || (!this.vulnIds[k].equals(this.cves[k]) && random.nextInt(3) == 0);
			String name = byGhsa ? this.vulnIds[k] : this.cves[k];
			String scope = switch (e % 5) {
				case 0 -> "any";
				case 1, 2 -> "repo";
				default -> "image";
			};
			List<String> tags = new ArrayList<>();
			if (scope.equals("image")) {
				tags.add(tags(image).get(0));
				if (random.nextBoolean()) {
					tags.add("1." + random.nextInt(IMAGES / REPOSITORIES) + ".0");
				}
				if (random.nextInt(5) == 0) {
					tags.add("latest");
				}
			}
			LocalDate expires = switch (e % 10) {
				case 0 -> this.today.minusDays(30);
				case 5 -> this.today.plusDays(90);
				default -> null;
			};
			boolean anyImage = scope.equals("any");
			this.exceptions.add(new ExceptionRow(e + 1, name, scope, anyImage ? "" : registry(image),
					anyImage ? "" : repository(image), List.copyOf(new LinkedHashSet<>(tags)), expires));
		}
	}

	static String registry(int image) {
		return REGISTRIES.get(repositoryNumber(image) % REGISTRIES.size());
	}

	static String repository(int image) {
		int r = repositoryNumber(image);
		return registry(image).isEmpty() ? "library/app-" + r : "team-" + (r % 40) + "/service-" + r;
	}

	private static int repositoryNumber(int image) {
		return (image - 1) % REPOSITORIES;
	}

	static List<String> tags(int image) {
		int build = (image - 1) / REPOSITORIES;
		return (build == IMAGES / REPOSITORIES - 1) ? List.of("1." + build + ".0", "latest")
				: List.of("1." + build + ".0");
	}

	List<ExceptionRow> exceptions() {
		return this.exceptions;
	}

	/**
	 * The max CVSS of every image that has one, by image id: the highest score among its findings
	 * that no exception active today covers. An exception covers a finding whose CVE or reported id
	 * it names, in every image (scope any), every image of its registry and repository (repo), or
	 * those of them holding one of its tags (image).
	 */
	Map<Long, BigDecimal> expectedMaxCvss() {
		Map<String, List<ExceptionRow>> byName = activeByName();
		Map<Long, BigDecimal> expected = new HashMap<>();
		for (int image = 1; image <= IMAGES; image++) {
			int max = -1;
			for (int k : this.findings[image - 1]) {
				if (this.scores[k] > max && !covered(byName.get(this.cves[k]), image)
						&& !covered(byName.get(this.vulnIds[k]), image)) {
					max = this.scores[k];
				}
			}
			if (max >= 0) {
				expected.put((long) image, BigDecimal.valueOf(max, 1));
			}
		}
		return expected;
	}

	/**
	 * What assess must give an image: its max CVSS ({@code null} for none), how many of its
	 * vulnerabilities count in each band (critical, high, medium, low, none), its KEV count, and its
	 * max EPSS ({@code null} for none), over the findings no active exception covers.
	 */
	record Expected(BigDecimal maxCvss, List<Integer> bands, int kev, Double maxEpss) {
	}

	/**
	 * What assess must give every image, by image id, computed from the fleet's findings and
	 * exceptions. Each pool entry is a vulnerability of its own, so each finding counts once.
	 * @param epss the EPSS score of each CVE
	 * @param kev the CVEs of the KEV catalog
	 */
	Map<Long, Expected> expectedResults(Map<String, Double> epss, Set<String> kev) {
		Map<String, List<ExceptionRow>> byName = activeByName();
		Map<Long, Expected> expected = new HashMap<>();
		for (int image = 1; image <= IMAGES; image++) {
			int max = -1;
			Integer[] bands = { 0, 0, 0, 0, 0 };
			int kevCount = 0;
			Double maxEpss = null;
			for (int k : this.findings[image - 1]) {
				if (covered(byName.get(this.cves[k]), image) || covered(byName.get(this.vulnIds[k]), image)) {
					continue;
				}
				int score = this.scores[k];
				max = Math.max(max, score);
				bands[(score >= 90) ? 0 : (score >= 70) ? 1 : (score >= 40) ? 2 : (score >= 1) ? 3 : 4]++;
				if (this.cves[k] != null && kev.contains(this.cves[k])) {
					kevCount++;
				}
				Double scored = (this.cves[k] != null) ? epss.get(this.cves[k]) : null;
				if (scored != null && (maxEpss == null || scored > maxEpss)) {
					maxEpss = scored;
				}
			}
			expected.put((long) image, new Expected((max >= 0) ? BigDecimal.valueOf(max, 1) : null,
					List.of(bands), kevCount, maxEpss));
		}
		return expected;
	}

	/** How many findings an exception active today covers. */
	long coveredFindings() {
		Map<String, List<ExceptionRow>> byName = activeByName();
		long covered = 0;
		for (int image = 1; image <= IMAGES; image++) {
			for (int k : this.findings[image - 1]) {
				if (covered(byName.get(this.cves[k]), image) || covered(byName.get(this.vulnIds[k]), image)) {
					covered++;
				}
			}
		}
		return covered;
	}

	/** The max CVSS of every image that has one, exceptions left aside. */
	Map<Long, BigDecimal> maxCvssWithoutExceptions() {
		Map<Long, BigDecimal> max = new HashMap<>();
		for (int image = 1; image <= IMAGES; image++) {
			int highest = -1;
			for (int k : this.findings[image - 1]) {
				highest = Math.max(highest, this.scores[k]);
			}
			if (highest >= 0) {
				max.put((long) image, BigDecimal.valueOf(highest, 1));
			}
		}
		return max;
	}

	private Map<String, List<ExceptionRow>> activeByName() {
		Map<String, List<ExceptionRow>> byName = new HashMap<>();
		this.exceptions.stream()
			.filter(exception -> exception.activeOn(this.today))
			.forEach(exception -> byName.computeIfAbsent(exception.name(), name -> new ArrayList<>()).add(exception));
		return byName;
	}

	private static boolean covered(List<ExceptionRow> exceptions, int image) {
		if (exceptions == null) {
			return false;
		}
		for (ExceptionRow exception : exceptions) {
			boolean sameRepository = exception.registry().equals(registry(image))
					&& exception.repository().equals(repository(image));
			if (exception.scope().equals("any") || (sameRepository && (exception.scope().equals("repo")
					|| exception.tags().stream().anyMatch(tags(image)::contains)))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Writes {@code <table>.tsv} for the tables image, scan, image_tag, finding, vuln_exception and
	 * vuln_exception_tag.
	 * @return the rows written, by table
	 */
	Map<String, Long> writeTables(Path folder) throws IOException {
		Map<String, Long> rows = new HashMap<>();
		try (Writer images = writer(folder, "image"); Writer scans = writer(folder, "scan");
				Writer tags = writer(folder, "image_tag"); Writer findingRows = writer(folder, "finding")) {
			for (int image = 1; image <= IMAGES; image++) {
				String changed = "2025-09-01 06:00:00." + String.format("%03d", image % 1000);
				row(images, image, registry(image), repository(image), "sha256:" + sha256("image " + image),
						"REPOSITORY", "debian 12", "2025-08-01 06:00:00", changed, image, "SCANNED", null, changed);
				row(scans, image, image, "GRYPE", "grype", "0.96.0", "2025-08-31 01:23:26", changed, changed,
						"/srv/reports/" + repository(image).replace('/', '-') + "-" + tags(image).get(0) + ".json",
						sha256("report " + image), this.findings[image - 1].length, 0);
				for (String tag : tags(image)) {
					row(tags, image, tag);
					rows.merge("image_tag", 1L, Long::sum);
				}
				for (int k : this.findings[image - 1]) {
					finding(findingRows, image, k);
				}
			}
		}
		rows.put("image", (long) IMAGES);
		rows.put("scan", (long) IMAGES);
		rows.put("finding", FINDINGS);
		try (Writer exceptionRows = writer(folder, "vuln_exception");
				Writer tags = writer(folder, "vuln_exception_tag")) {
			for (ExceptionRow exception : this.exceptions) {
				row(exceptionRows, exception.id(), exception.name(), exception.scope(), exception.registry(),
						exception.repository(), "Not reachable at runtime, see SEC-" + (1000 + exception.id()),
						exception.expires(), "team-" + (exception.id() % 40) + "@example.com", "2025-08-15 09:30:00");
				for (String tag : exception.tags()) {
					row(tags, exception.id(), tag);
					rows.merge("vuln_exception_tag", 1L, Long::sum);
				}
			}
		}
		rows.put("vuln_exception", (long) this.exceptions.size());
		return rows;
	}

	/** The columns of {@code finding.tsv}, for LOAD DATA. */
	static final String FINDING_COLUMNS = "image_id, scan_id, vuln_id, cve, aliases, package_name, package_version,"
			+ " package_type, purl, fixed_version, severity, cvss3_score, cvss3_vector, cvss3_source, cvss2_score,"
			+ " cvss2_vector, cvss4_score, cvss4_vector";

	private void finding(Writer out, int image, int k) throws IOException {
		String[] pkg = PACKAGES.get(k % PACKAGES.size());
		String version = "1." + (k % 7) + "." + (image % 5);
		int score = this.scores[k];
		boolean fixed = k % 5 < 3;
		String alias = (this.cves[k] != null && !this.cves[k].equals(this.vulnIds[k])) ? this.cves[k] : null;
		row(out, image, image, this.vulnIds[k], this.cves[k], alias, pkg[1], version, pkg[0], pkg[2] + version,
				fixed ? "1." + (k % 7) + "." + (image % 5 + 1) : null, severity(score),
				(score < 0) ? null : BigDecimal.valueOf(score, 1), (score < 0) ? null : vector(score),
				(score < 0) ? null : "nvd@nist.gov", (k % 10 < 3) ? "7.5" : null,
				(k % 10 < 3) ? "AV:N/AC:L/Au:N/C:P/I:P/A:P" : null, null, null);
	}

	private static String severity(int score) {
		return (score < 0) ? "Unknown" : (score >= 90) ? "Critical" : (score >= 70) ? "High"
				: (score >= 40) ? "Medium" : (score > 0) ? "Low" : "Negligible";
	}

	private static String vector(int score) {
		return VECTORS.get((score >= 90) ? 0 : (score >= 70) ? 1 : (score >= 40) ? 2 : 3);
	}

	private static Writer writer(Path folder, String table) throws IOException {
		return new BufferedWriter(Files.newBufferedWriter(folder.resolve(table + ".tsv"), StandardCharsets.UTF_8),
				1 << 20);
	}

	/** One tab-separated row; {@code null} is written as {@code \N}, which LOAD DATA reads as NULL. */
	private static void row(Writer out, Object... values) throws IOException {
		for (int i = 0; i < values.length; i++) {
			if (i > 0) {
				out.write('\t');
			}
			out.write((values[i] != null) ? values[i].toString() : "\\N");
		}
		out.write('\n');
	}


	private static String[] deb(String name) {
		return new String[] { "deb", name, "pkg:deb/debian/" + name + "@" };
	}

	private static String[] maven(String group, String artifact) {
		return new String[] { "java-archive", artifact, "pkg:maven/" + group + "/" + artifact + "@" };
	}

	private static String[] other(String type, String name) {
		return new String[] { type, name, "pkg:" + (type.equals("python") ? "pypi" : type) + "/" + name + "@" };
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
