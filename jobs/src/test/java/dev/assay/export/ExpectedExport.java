package dev.assay.export;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.assay.testing.Sql;

/**
 * What an export must write, worked out here from its inputs without the export's SQL: the rows of
 * image, image_tag, finding, the exceptions and the running containers as the database holds them,
 * and the EPSS and KEV values of the generated feed files. Results, counts, exception matches,
 * filters, order and cell formats follow the rules of the README, written again in Java.
 */
final class ExpectedExport {

	static final BigDecimal WARN = new BigDecimal("7.0");

	static final BigDecimal FAIL = new BigDecimal("8.0");

	record Image(long id, String registry, String repository, String digest, String scanStatus, Timestamp lastScanned,
			List<String> tags) {
	}

	record Finding(long id, long imageId, String vulnId, String cve, String packageName, String version,
			String fixedVersion, BigDecimal cvss) {

		String key() {
			return (this.cve != null) ? this.cve : this.vulnId;
		}

	}

	record Exception(long id, String cve, String scope, String registry, String repository, String justification,
			LocalDate expires, Set<String> tags) {
	}

	/**
	 * Test-side filters.
	 * @param repository a regular expression for the whole repository name, {@code null} for any
	 */
	record Filters(boolean running, Set<String> results, String registry, Pattern repository, BigDecimal minCvss,
			BigDecimal minEpss, boolean kevOnly) {

		static Filters none() {
			return new Filters(false, Set.of("PASS", "WARN", "FAIL"), null, null, null, null, false);
		}

		boolean filtersFindings() {
			return this.minCvss != null || this.minEpss != null || this.kevOnly;
		}

	}

	final Map<Long, Image> images = new TreeMap<>();

	final Map<Long, List<Finding>> findings = new HashMap<>();

	final List<Exception> exceptions = new ArrayList<>();

	/** Per image: clusters, containers. */
	final Map<Long, Set<String>> clusters = new HashMap<>();

	final Map<Long, Integer> containers = new HashMap<>();

	private final FeedFiles feeds;

	ExpectedExport(Sql sql, FeedFiles feeds) {
		this.feeds = feeds;
		Map<Long, List<String>> tags = new HashMap<>();
		for (List<Object> row : sql.rows("SELECT image_id, tag FROM image_tag")) {
			tags.computeIfAbsent(((Number) row.get(0)).longValue(), id -> new ArrayList<>()).add((String) row.get(1));
		}
		tags.values().forEach(list -> list.sort(Comparator.naturalOrder()));
		for (List<Object> row : sql
			.rows("SELECT id, registry, repository, digest, scan_status, last_scanned FROM image")) {
			long id = ((Number) row.get(0)).longValue();
			this.images.put(id, new Image(id, (String) row.get(1), (String) row.get(2), (String) row.get(3),
					(String) row.get(4), timestamp(row.get(5)), tags.getOrDefault(id, List.of())));
		}
		for (List<Object> row : sql.rows("SELECT id, image_id, vuln_id, cve, package_name, package_version,"
				+ " fixed_version, cvss3_score FROM finding")) {
			Finding finding = new Finding(((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue(),
					(String) row.get(2), (String) row.get(3), (String) row.get(4), (String) row.get(5),
					(String) row.get(6), (BigDecimal) row.get(7));
			this.findings.computeIfAbsent(finding.imageId(), id -> new ArrayList<>()).add(finding);
		}
		Map<Long, Set<String>> exceptionTags = new HashMap<>();
		for (List<Object> row : sql.rows("SELECT exception_id, tag FROM vuln_exception_tag")) {
			exceptionTags.computeIfAbsent(((Number) row.get(0)).longValue(), id -> new HashSet<>())
				.add((String) row.get(1));
		}
		for (List<Object> row : sql.rows("SELECT id, cve, scope, registry, repository, justification, expires"
				+ " FROM vuln_exception")) {
			long id = ((Number) row.get(0)).longValue();
			this.exceptions.add(new Exception(id, (String) row.get(1), (String) row.get(2), (String) row.get(3),
					(String) row.get(4), (String) row.get(5), (row.get(6) != null) ? date(row.get(6)) : null,
					exceptionTags.getOrDefault(id, Set.of())));
		}
		for (List<Object> row : sql.rows("SELECT cluster, image_id FROM runtime_container")) {
			long image = ((Number) row.get(1)).longValue();
			this.clusters.computeIfAbsent(image, id -> new HashSet<>()).add((String) row.get(0));
			this.containers.merge(image, 1, Integer::sum);
		}
	}

	/** The justification of the narrowest active exception covering the finding, {@code null} for none. */
	String justification(Finding finding) {
		Image image = this.images.get(finding.imageId());
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		return this.exceptions.stream()
			.filter(x -> x.cve().equals(finding.cve()) || x.cve().equals(finding.vulnId()))
			.filter(x -> x.expires() == null || !x.expires().isBefore(today))
			.filter(x -> x.scope().equals("any") || x.registry().equals(image.registry())
					&& x.repository().equals(image.repository())
					&& (x.scope().equals("repo") || image.tags().stream().anyMatch(x.tags()::contains)))
			.min(Comparator.comparingInt((Exception x) -> List.of("image", "repo", "any").indexOf(x.scope()))
				.thenComparingLong(Exception::id))
			.map(Exception::justification)
			.orElse(null);
	}

	List<Finding> findingsOf(long image) {
		return this.findings.getOrDefault(image, List.of());
	}

	List<Finding> activeFindings(long image) {
		return findingsOf(image).stream().filter(f -> justification(f) == null).toList();
	}

	String result(Image image) {
		if (!image.scanStatus().equals("SCANNED")) {
			return "UNKNOWN";
		}
		BigDecimal max = maxCvss(image);
		if (max != null && max.compareTo(FAIL) >= 0) {
			return "FAIL";
		}
		return (max != null && max.compareTo(WARN) >= 0) ? "WARN" : "PASS";
	}

	BigDecimal maxCvss(Image image) {
		return activeFindings(image.id()).stream()
			.map(Finding::cvss)
			.filter(Objects::nonNull)
			.max(Comparator.naturalOrder())
			.orElse(null);
	}

	boolean kev(Finding finding) {
		return finding.cve() != null && this.feeds.kev.containsKey(finding.cve());
	}

	String[] epss(Finding finding) {
		return (finding.cve() != null) ? this.feeds.epss.get(finding.cve()) : null;
	}

	boolean passesImage(Image image, Filters filters) {
		return filters.results().contains(result(image))
				&& (filters.registry() == null || filters.registry().equals(image.registry()))
				&& (filters.repository() == null || filters.repository().matcher(image.repository()).matches())
				&& (!filters.running() || this.containers.containsKey(image.id()));
	}

	boolean passesFinding(Finding finding, Filters filters) {
		String[] epss = epss(finding);
		return (filters.minCvss() == null || finding.cvss() != null && finding.cvss().compareTo(filters.minCvss()) >= 0)
				&& (filters.minEpss() == null
						|| epss != null && new BigDecimal(epss[0]).compareTo(filters.minEpss()) >= 0)
				&& (!filters.kevOnly() || kev(finding));
	}

	/** The images exported: passing the image filters and, where findings are filtered, with a finding passing. */
	List<Image> exported(Filters filters) {
		return this.images.values()
			.stream()
			.filter(image -> passesImage(image, filters))
			.filter(image -> !filters.filtersFindings()
					|| findingsOf(image.id()).stream().anyMatch(f -> passesFinding(f, filters)))
			.sorted(IMAGE_ORDER)
			.toList();
	}

	static final Comparator<Image> IMAGE_ORDER = Comparator.comparing(Image::registry)
		.thenComparing(Image::repository)
		.thenComparing(Image::digest);

	/** The data rows of image-cves.csv, each cell as the file must hold it. */
	List<List<String>> imageCves(Filters filters) {
		List<List<String>> rows = new ArrayList<>();
		for (Image image : exported(filters)) {
			List<Finding> findings = findingsOf(image.id()).stream()
				.filter(f -> passesFinding(f, filters))
				.sorted(Comparator.comparing((Finding f) -> f.cvss() == null)
					.thenComparing(Finding::cvss, Comparator.nullsLast(Comparator.reverseOrder()))
					.thenComparing(Finding::key)
					.thenComparingLong(Finding::id))
				.toList();
			for (Finding f : findings) {
				String[] epss = epss(f);
				String[] kev = kev(f) ? this.feeds.kev.get(f.cve()) : null;
				String justification = justification(f);
				rows.add(List.of(text(image.registry()), text(image.repository()), tags(image), text(image.digest()),
						result(image), text(f.key()), (f.cvss() != null) ? f.cvss().toPlainString() : "",
						band(f.cvss()), (epss != null) ? FeedFiles.plain(epss[0]) : "",
						(epss != null) ? FeedFiles.plain(epss[1]) : "", String.valueOf(kev != null),
						(kev != null) ? kev[0] : "", (kev != null) ? kev[1] : "", (kev != null) ? kev[2] : "",
						text(f.packageName()), text(f.version()), text(f.fixedVersion()),
						String.valueOf(justification != null), text(justification), clusters(image),
						running(image)));
			}
		}
		return rows;
	}

	/** The data rows of images.csv. */
	List<List<String>> images(Filters filters) {
		List<List<String>> rows = new ArrayList<>();
		for (Image image : exported(filters)) {
			List<Finding> passing = findingsOf(image.id()).stream().filter(f -> passesFinding(f, filters)).toList();
			if (passing.isEmpty()) {
				continue;
			}
			Map<String, BigDecimal> scoreByCve = new LinkedHashMap<>();
			Set<String> noScore = new TreeSet<>();
			for (Finding f : passing) {
				noScore.add(f.key());
				if (f.cvss() != null) {
					scoreByCve.merge(f.key(), f.cvss(), BigDecimal::max);
				}
			}
			List<String> cves = new ArrayList<>(noScore);
			cves.sort(Comparator.comparing((String cve) -> !scoreByCve.containsKey(cve))
				.thenComparing(cve -> scoreByCve.get(cve), Comparator.nullsLast(Comparator.reverseOrder()))
				.thenComparing(Comparator.naturalOrder()));
			List<Finding> active = activeFindings(image.id());
			int[] bands = bands(active);
			Set<String> kevCves = active.stream().filter(this::kev).map(Finding::cve).collect(Collectors.toSet());
			String maxEpss = active.stream()
				.map(this::epss)
				.filter(Objects::nonNull)
				.map(e -> new BigDecimal(e[0]))
				.max(Comparator.naturalOrder())
				.map(e -> e.stripTrailingZeros().toPlainString())
				.orElse("");
			BigDecimal max = maxCvss(image);
			rows.add(List.of(text(image.registry()), text(image.repository()), tags(image), text(image.digest()),
					result(image), (max != null) ? max.toPlainString() : "",
					String.valueOf(bands[0]), String.valueOf(bands[1]), String.valueOf(bands[2]),
					String.valueOf(bands[3]), String.valueOf(bands[4]), maxEpss, String.valueOf(kevCves.size()),
					clusters(image), running(image),
					(image.lastScanned() != null)
							? image.lastScanned().toLocalDateTime().toInstant(ZoneOffset.UTC).toString() : "",
					text(String.join(";", cves))));
		}
		return rows;
	}

	/**
	 * The twenty findings to fix first, as {@code "<reference> <CVE>"}: of running exported images,
	 * not excepted; KEV first, then EPSS x CVSS, then CVSS, CVE, image.
	 */
	List<String> fixFirst(Filters filters) {
		record Ranked(Image image, Finding finding, boolean kev, double risk) {
		}
		List<Ranked> ranked = new ArrayList<>();
		for (Image image : exported(filters)) {
			if (!this.containers.containsKey(image.id())) {
				continue;
			}
			for (Finding f : activeFindings(image.id())) {
				if (passesFinding(f, filters)) {
					String[] epss = epss(f);
					double risk = ((epss != null) ? Double.parseDouble(epss[0]) : 0.0)
							* ((f.cvss() != null) ? f.cvss().doubleValue() : 0.0);
					ranked.add(new Ranked(image, f, kev(f), risk));
				}
			}
		}
		return ranked.stream()
			.sorted(Comparator.comparing(Ranked::kev)
				.reversed()
				.thenComparing(Comparator.comparingDouble(Ranked::risk).reversed())
				.thenComparing(r -> r.finding().cvss(), Comparator.nullsLast(Comparator.reverseOrder()))
				.thenComparing(r -> r.finding().key())
				.thenComparing(Ranked::image, IMAGE_ORDER))
			.limit(20)
			.map(r -> reference(r.image()) + " " + r.finding().key())
			.toList();
	}

	/** Distinct ids per band of their highest score: critical, high, medium, low, none. */
	static int[] bands(List<Finding> findings) {
		Map<String, BigDecimal> highest = new HashMap<>();
		Set<String> ids = new HashSet<>();
		for (Finding f : findings) {
			ids.add(f.vulnId());
			if (f.cvss() != null) {
				highest.merge(f.vulnId(), f.cvss(), BigDecimal::max);
			}
		}
		int[] bands = new int[5];
		for (String id : ids) {
			bands[List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "NONE").indexOf(band(highest.get(id)))]++;
		}
		return bands;
	}

	static String band(BigDecimal cvss) {
		if (cvss == null || cvss.signum() <= 0) {
			return "NONE";
		}
		if (cvss.compareTo(new BigDecimal("9.0")) >= 0) {
			return "CRITICAL";
		}
		if (cvss.compareTo(new BigDecimal("7.0")) >= 0) {
			return "HIGH";
		}
		return (cvss.compareTo(new BigDecimal("4.0")) >= 0) ? "MEDIUM" : "LOW";
	}

	String clusters(Image image) {
		return String.valueOf(this.clusters.getOrDefault(image.id(), Set.of()).size());
	}

	String running(Image image) {
		return String.valueOf(this.containers.getOrDefault(image.id(), 0));
	}

	/** The Tags cell: a JSON list of the tags, sorted; empty without tags. */
	static String tags(Image image) {
		if (image.tags().isEmpty()) {
			return "";
		}
		return image.tags().stream().map(tag -> "\"" + tag + "\"").collect(Collectors.joining(",", "[", "]"));
	}

	/** A text cell: neutralised when a spreadsheet would run it as a formula. */
	static String text(String value) {
		if (value == null) {
			return "";
		}
		return (!value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0) ? "'" + value : value;
	}

	/** The reference images.json gives for an image: first tag, digest. */
	static String reference(Image image) {
		String name = image.registry().isEmpty() ? image.repository() : image.registry() + "/" + image.repository();
		String tagged = image.tags().isEmpty() ? name : name + ":" + image.tags().get(0);
		return image.digest().isEmpty() ? tagged : tagged + "@" + image.digest();
	}

	private static Timestamp timestamp(Object value) {
		if (value == null) {
			return null;
		}
		return (value instanceof Timestamp timestamp) ? timestamp
				: Timestamp.valueOf((java.time.LocalDateTime) value);
	}

	private static LocalDate date(Object value) {
		return (value instanceof Date date) ? date.toLocalDate() : (LocalDate) value;
	}

}
