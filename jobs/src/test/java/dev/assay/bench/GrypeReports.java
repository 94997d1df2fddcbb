package dev.assay.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import dev.assay.testing.EpssFiles;
import dev.assay.testing.Fixtures;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Grype reports for the import benchmark, made from real ones. Each is the document of
 * {@code defectdojo/issue_9618.json} (grype 0.96.0: descriptor, RHEL distro, and a source with
 * layers, manifest and config) about an image of its own, whose matches are copies of the real
 * matches of that report and of {@code defectdojo/many_vulns_with_epss_values.json} (grype 0.94.0,
 * with {@code epss[]} and {@code risk}), each given another CVE, package version and score.
 * Written compact, as grype writes by default.
 * <p>
 * A report's CVEs are distinct, so each match is one finding. CVEs are drawn from a pool of
 * {@value #CVE_POOL}, the first ones more often, as a few CVEs are found in most images; a CVE has
 * the same score in every report, and one in twenty has no CVSS v3 score at all.
 */
final class GrypeReports {

	private static final String DOCUMENT = "grype/defectdojo/issue_9618.json";

	private static final List<String> MATCHES_FROM = List.of(DOCUMENT,
			"grype/defectdojo/many_vulns_with_epss_values.json");

	private static final int CVE_POOL = 50_000;

	private static final int REPOSITORIES = 200;

	private static final List<String> REGISTRIES = List.of("quay.io", "ghcr.io", "registry.example.com");

	private static final Instant FIRST_SCAN = Instant.parse("2025-06-02T08:00:00Z");

	/** GHSA ids are written in this alphabet. */
	private static final String GHSA_LETTERS = "23456789cfghjmpqrvwx";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * What the written reports hold, to check an import against.
	 *
	 * @param findings the matches of all reports, one finding each
	 * @param bytes the size of all reports
	 * @param maxCvssByDigest each image's highest CVSS v3 score by its repository digest, {@code null}
	 * where no match of its report has one
	 */
	record Written(long findings, long bytes, Map<String, BigDecimal> maxCvssByDigest) {
	}

	private record Report(String digest, BigDecimal maxCvss, long bytes) {
	}

	private GrypeReports() {
	}

	/** Writes {@code reports} reports of {@code matches} matches each into {@code folder}, in parallel. */
	static Written write(Path folder, int reports, int matches) throws IOException {
		JsonNode document = JSON.readTree(Fixtures.file(DOCUMENT));
		List<ObjectNode> templates = new ArrayList<>();
		for (String fixture : MATCHES_FROM) {
			JSON.readTree(Fixtures.file(fixture)).path("matches").forEach(match -> templates.add((ObjectNode) match));
		}
		Files.createDirectories(folder);
		List<Report> written = IntStream.range(0, reports)
			.parallel()
			.mapToObj(r -> report(folder, document, templates, r, reports, matches))
			.toList();
		Map<String, BigDecimal> maxCvss = new HashMap<>();
		written.forEach(report -> maxCvss.put(report.digest(), report.maxCvss()));
		return new Written((long) reports * matches, written.stream().mapToLong(Report::bytes).sum(), maxCvss);
	}

	/**
	 * Report {@code r}: an image of one of {@value #REPOSITORIES} repositories, build {@code r / 200}
	 * tagged {@code 1.<build>.0}, the last build also {@code latest}; scanned a minute after the
	 * report before it.
	 */
	private static Report report(Path folder, JsonNode document, List<ObjectNode> templates, int r, int reports,
			int matches) {
		SplittableRandom random = new SplittableRandom(r);
		String name = REGISTRIES.get(r % REPOSITORIES % REGISTRIES.size()) + "/team-" + (r % 20) + "/service-"
				+ (r % REPOSITORIES);
		int build = r / REPOSITORIES;
		String digest = "sha256:" + sha256("repository digest " + r);
		ObjectNode report = JSON.createObjectNode();
		ArrayNode matchArray = report.putArray("matches");
		BigDecimal maxCvss = null;
		Set<Integer> drawn = new HashSet<>();
		for (int m = 0; m < matches; m++) {
			int cve;
			do {
				double u = random.nextDouble();
				cve = (int) (CVE_POOL * u * u);
			}
			while (!drawn.add(cve));
			ObjectNode match = templates.get((r + m) % templates.size()).deepCopy();
			BigDecimal score = edit(match, cve, build);
			matchArray.add(match);
			if (score != null && (maxCvss == null || score.compareTo(maxCvss) > 0)) {
				maxCvss = score;
			}
		}
		report.set("source", document.path("source").deepCopy());
		ObjectNode target = (ObjectNode) report.path("source").path("target");
		String tag = "1." + build + ".0";
		target.put("userInput", name + ":" + tag);
		target.put("imageID", "sha256:" + sha256("config " + r));
		target.put("manifestDigest", "sha256:" + sha256("manifest " + r));
		target.putArray("repoDigests").add(name + "@" + digest);
		ArrayNode tags = target.putArray("tags").add(name + ":" + tag);
		if (build == (reports - 1) / REPOSITORIES) {
			tags.add(name + ":latest");
		}
		report.set("distro", document.path("distro").deepCopy());
		report.set("descriptor", document.path("descriptor").deepCopy());
		Instant scanned = FIRST_SCAN.plusSeconds(60L * r).plusNanos(random.nextLong(1_000_000_000L));
		((ObjectNode) report.path("descriptor")).put("timestamp",
				DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(scanned.atOffset(ZoneOffset.UTC)));
		Path file = folder.resolve(String.format("grype-%05d.json", r));
		try {
			byte[] json = JSON.writeValueAsBytes(report);
			Files.write(file, json);
			return new Report(digest, maxCvss, json.length);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + file, ex);
		}
	}

	/**
	 * Gives a copied match CVE number {@code cve} of the pool (or a GHSA id for it where the match
	 * had a GHSA id), that CVE's score for every CVSS v3 entry (or no v3 entry where it has none),
	 * and a package version of build {@code build}.
	 * @return the finding's CVSS v3 score, {@code null} where it has none
	 */
	private static BigDecimal edit(ObjectNode match, int cve, int build) {
		String id = EpssFiles.cve(cve);
		BigDecimal score = score(cve);
		ObjectNode vulnerability = (ObjectNode) match.path("vulnerability");
		boolean scored = rename(vulnerability, id, score);
		vulnerability.path("epss").forEach(epss -> ((ObjectNode) epss).put("cve", id));
		for (JsonNode related : match.path("relatedVulnerabilities")) {
			String relatedId = related.path("id").asString().startsWith("GHSA-") ? ghsa(cve) : id;
			scored |= rename((ObjectNode) related, relatedId, score);
		}
		match.path("matchDetails").forEach(detail -> {
			if (detail.path("found").isObject()) {
				((ObjectNode) detail.path("found")).put("vulnerabilityID", id);
			}
		});
		ObjectNode artifact = (ObjectNode) match.path("artifact");
		String version = artifact.path("version").asString();
		String newVersion = version + "." + build;
		artifact.put("version", newVersion);
		artifact.put("purl", artifact.path("purl").asString().replace(version, newVersion));
		return scored ? score : null;
	}

	/**
	 * Gives a vulnerability record another id and sets the base score of its CVSS v3 entries, or
	 * removes them where {@code score} is {@code null}.
	 * @return whether a v3 entry has the score
	 */
	private static boolean rename(ObjectNode vulnerability, String id, BigDecimal score) {
		String old = vulnerability.path("id").asString();
		vulnerability.put("id", id);
		vulnerability.put("dataSource", vulnerability.path("dataSource").asString().replace(old, id));
		boolean scored = false;
		JsonNode cvss = vulnerability.path("cvss");
		for (int i = cvss.size() - 1; i >= 0; i--) {
			ObjectNode entry = (ObjectNode) cvss.get(i);
			if (entry.path("version").asString().startsWith("3")) {
				if (score == null) {
					((ArrayNode) cvss).remove(i);
				}
				else {
					((ObjectNode) entry.path("metrics")).put("baseScore", score.doubleValue());
					scored = true;
				}
			}
		}
		return scored;
	}

	/** The CVSS v3 score of CVE number {@code cve}: 0.0 to 10.0, or none for one in twenty. */
	private static BigDecimal score(int cve) {
		SplittableRandom random = new SplittableRandom(31L * cve + 7);
		return (random.nextInt(20) == 0) ? null : BigDecimal.valueOf(random.nextInt(101), 1);
	}

	/** A GHSA id, the same for the same number wherever the benchmarks make one. */
	static String ghsa(int cve) {
		StringBuilder id = new StringBuilder("GHSA");
		SplittableRandom random = new SplittableRandom(cve);
		for (int group = 0; group < 3; group++) {
			id.append('-');
			for (int i = 0; i < 4; i++) {
				id.append(GHSA_LETTERS.charAt(random.nextInt(GHSA_LETTERS.length())));
			}
		}
		return id.toString();
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
