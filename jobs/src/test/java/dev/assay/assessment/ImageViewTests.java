package dev.assay.assessment;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.assay.assessment.ImageRows.Finding;
import dev.assay.testing.Cli;
import dev.assay.testing.EpssFiles;
import dev.assay.testing.Sql;
import org.apache.commons.csv.CSVFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code assay image <ref>}: every reference form finds its image, the JSON object carries the
 * stored result and every current finding joined with EPSS and the active exceptions, and
 * references that name no image, several images or nothing valid fail with their exit codes.
 * <p>
 * The expected findings come from the rows the test writes and the rules of the spec, applied
 * here in plain Java: an exception covers a finding by its CVE or its own id, within its scope,
 * until its last day; several covering it, the narrowest scope's justification shows.
 */
class ImageViewTests {

	static final long EPSS_SEED = 3;

	static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

	static final String REGISTRY = "registry.example.com";

	static final String REPOSITORY = "shop/cart";

	static final TestImage CART = new TestImage(REGISTRY, REPOSITORY, "sha256:" + "a".repeat(64),
			List.of("1.0", "latest"), List.of(
					new Finding(EpssFiles.cve(1), EpssFiles.cve(1), "openssl", "3.0.1", "3.0.7", cvss("9.8")),
					new Finding(EpssFiles.cve(1), EpssFiles.cve(1), "libssl3", "3.0.1", "3.0.7", cvss("9.8")),
					new Finding(EpssFiles.cve(2), EpssFiles.cve(2), "zlib", "1.2.11", "1.2.12", cvss("7.5")),
					new Finding(EpssFiles.cve(3), EpssFiles.cve(3), "curl", "7.80.0", null, cvss("7.5")),
					new Finding("GHSA-jfh8-c2jp-5v3q", EpssFiles.cve(4), "log4j-core", "2.14.1", "2.15.0", null),
					new Finding("CVE-2030-10001", "CVE-2030-10001", "busybox", "1.35.0", null, cvss("5.0")),
					new Finding("GHSA-aaaa-bbbb-cccc", null, "lodash", "4.17.20", "4.17.21", null),
					new Finding("GHSA-pppp-qqqq-rrrr", EpssFiles.cve(6), "jackson-databind", "2.13.0", "2.13.4",
							cvss("6.1"))));

	static final TestImage CART_ELSEWHERE = new TestImage("ghcr.io", REPOSITORY, "sha256:" + "b".repeat(64),
			List.of("1.0"),
			List.of(new Finding(EpssFiles.cve(3), EpssFiles.cve(3), "curl", "7.80.0", null, cvss("7.5"))));

	static final TestImage CART_NEXT = new TestImage(REGISTRY, REPOSITORY, "sha256:" + "d".repeat(64), List.of("2.0"),
			List.of(new Finding(EpssFiles.cve(1), EpssFiles.cve(1), "openssl", "3.0.1", "3.0.7", cvss("9.8"))));

	static final TestImage REDIS = new TestImage("", "library/redis", "sha256:" + "c".repeat(64), List.of("7"),
			List.of());

	static final String REDIS_REASON = "the registry answered 401: give credentials for docker.io";

	/** In import order, which is id order. */
	static final List<TestException> EXCEPTIONS = List.of(
			new TestException("CVE-2030-10001", "any", "", "", List.of(), "busybox applets are not installed", null),
			new TestException("GHSA-jfh8-c2jp-5v3q", "repo", REGISTRY, REPOSITORY, List.of(), "JNDI lookups disabled",
					null),
			new TestException(EpssFiles.cve(1), "image", REGISTRY, REPOSITORY, List.of("2.0"), "2.0 only", null),
			new TestException(EpssFiles.cve(2), "any", "", "", List.of(), "zlib everywhere", null),
			new TestException(EpssFiles.cve(2), "image", REGISTRY, REPOSITORY, List.of("latest", "9.9"),
					"inflate is never called in latest", null),
			new TestException(EpssFiles.cve(3), "any", "", "", List.of(), "expired yesterday", TODAY.minusDays(1)),
			new TestException(EpssFiles.cve(3), "repo", "ghcr.io", REPOSITORY, List.of(), "other registry", null),
			new TestException(EpssFiles.cve(4), "any", "", "", List.of(), "the alias, wider than the repo", null),
			new TestException(EpssFiles.cve(6), "any", "", "", List.of(), "by its CVE alias", TODAY));

	@TempDir
	static Path home;

	static Cli cli;

	@BeforeAll
	static void images() throws IOException {
		cli = new Cli("image_view", home);
		Path epss = EpssFiles.write(home.resolve("epss.csv.gz"), 2_000, EPSS_SEED, "2025-09-06");
		Cli.Result loaded = cli.run("run", "epss-ingest", "--assay.feeds.epss.url=" + epss.toUri());
		assertThat(loaded.exitCode()).as(loaded.err()).isZero();
		ImageRows rows = new ImageRows(new Sql(cli.jdbcUrl()));
		for (TestImage image : List.of(CART, CART_ELSEWHERE, CART_NEXT)) {
			image.insert(rows, "SCANNED", null);
		}
		long redis = REDIS.insert(rows, "NOT_SCANNED", REDIS_REASON);
		assertThat(redis).isPositive();
		rows.assessment(CART.id, "FAIL", null, "9.8", new int[] { 1, 1, 0, 0, 1 }, 0,
				Math.max(EpssFiles.epss(1, EPSS_SEED), EpssFiles.epss(3, EPSS_SEED)), "7.0", "8.0");
		StringBuilder csv = new StringBuilder("CVE,Registry,Repository,Tags,Justification,Scope,Expires\n");
		for (TestException exception : EXCEPTIONS) {
			csv.append(exception.csvRow()).append('\n');
		}
		Path file = Files.writeString(home.resolve("exceptions.csv"), csv);
		Cli.Result imported = cli.run("exceptions", "import", file.toString());
		assertThat(imported.exitCode()).as(imported.err()).isZero();
	}

	@Test
	void everyReferenceFormFindsItsImage() {
		Map<String, TestImage> references = new LinkedHashMap<>();
		references.put(REGISTRY + "/" + REPOSITORY + ":latest", CART);
		references.put(REGISTRY + "/" + REPOSITORY + "@" + CART.digest, CART);
		references.put(REGISTRY + "/" + REPOSITORY + ":1.0@" + CART.digest, CART);
		references.put(REPOSITORY + ":latest", CART);
		references.put(CART.digest, CART);
		references.put("ghcr.io/" + REPOSITORY + ":1.0", CART_ELSEWHERE);
		references.put("ghcr.io/" + REPOSITORY, CART_ELSEWHERE);
		references.put(REGISTRY + "/" + REPOSITORY + ":2.0", CART_NEXT);
		references.put("library/redis:7", REDIS);
		references.put(REDIS.digest, REDIS);
		references.forEach((reference, image) -> {
			Cli.Result result = cli.run("image", reference, "--json");
			assertThat(result.exitCode()).as(reference + ": " + result.err()).isZero();
			JsonNode view = JsonMapper.shared().readTree(result.out());
			assertThat(List.of(view.get("registry").stringValue(), view.get("repository").stringValue(),
					view.get("digest").stringValue()))
				.as(reference)
				.containsExactly(image.registry, image.repository, image.digest);
		});
	}

	@Test
	void theJsonObjectHasExactlyTheSpecifiedFieldsWithTheStoredValues() {
		Cli.Result result = cli.run("image", REGISTRY + "/" + REPOSITORY + ":latest", "--json");

		assertThat(result.exitCode()).as(result.err()).isZero();
		JsonNode view = JsonMapper.shared().readTree(result.out());
		assertThat(view.propertyNames()).containsExactly("registry", "repository", "digest", "tags", "result",
				"unknownReason", "maxCvss", "thresholds", "counts", "kevCount", "maxEpss", "findings", "clusters",
				"runningInstances", "runningIn");
		// No cluster was read: the runtime view says it runs nowhere.
		assertThat(view.get("clusters").intValue()).isZero();
		assertThat(view.get("runningInstances").intValue()).isZero();
		assertThat(view.get("runningIn").isEmpty()).isTrue();
		assertThat(view.get("tags").values().stream().map(JsonNode::stringValue)).containsExactlyElementsOf(CART.tags);
		List<Object> stored = new Sql(cli.jdbcUrl()).rows("SELECT result, unknown_reason, max_cvss, warn_threshold,"
				+ " fail_threshold, critical, high, medium, low, none, kev_count, max_epss FROM image_assessment"
				+ " WHERE image_id = " + CART.id).get(0);
		assertThat(Arrays.<Object>asList(text(view.get("result")), text(view.get("unknownReason")),
				number(view.get("maxCvss")), number(view.at("/thresholds/warn")), number(view.at("/thresholds/fail")),
				view.at("/counts/critical").asInt(), view.at("/counts/high").asInt(), view.at("/counts/medium").asInt(),
				view.at("/counts/low").asInt(), view.at("/counts/none").asInt(), view.get("kevCount").asInt(),
				number(view.get("maxEpss"))))
			.containsExactlyElementsOf(stored.stream().map(ImageViewTests::plain).toList());
		assertThat(view.get("thresholds").propertyNames()).containsExactly("warn", "fail");
		assertThat(view.get("counts").propertyNames()).containsExactly("critical", "high", "medium", "low", "none");
		for (JsonNode finding : view.get("findings")) {
			assertThat(finding.propertyNames()).containsExactly("id", "cve", "package", "version", "fixedVersion",
					"cvss", "epss", "percentile", "kev", "excepted", "exceptionJustification");
		}
		assertThat(findings(view)).containsExactlyElementsOf(expectedFindings(CART));
	}

	@Test
	void exceptionsApplyByIdOrAliasWithinTheirScopeUntilTheirLastDay() {
		Map<String, List<Object>> byPackage = new HashMap<>();
		JsonNode view = JsonMapper.shared().readTree(cli.run("image", CART.digest, "--json").out());
		for (List<Object> finding : findings(view)) {
			byPackage.put((String) finding.get(2), finding);
		}
		// the image scope (tag latest) is narrower than the any scope for the same CVE
		assertThat(byPackage.get("zlib").subList(9, 11)).containsExactly(true, "inflate is never called in latest");
		// by the finding's own id; the repo scope is narrower than the any scope on its alias
		assertThat(byPackage.get("log4j-core").subList(9, 11)).containsExactly(true, "JNDI lookups disabled");
		// by the CVE alias of a GHSA finding, on its last day
		assertThat(byPackage.get("jackson-databind").subList(9, 11)).containsExactly(true, "by its CVE alias");
		// expired yesterday; and a repo scope of another registry
		assertThat(byPackage.get("curl").subList(9, 11)).containsExactly(false, null);
		// an image scope for a tag this image lacks
		assertThat(byPackage.get("openssl").subList(9, 11)).containsExactly(false, null);
		JsonNode next = JsonMapper.shared().readTree(cli.run("image", CART_NEXT.digest, "--json").out());
		assertThat(findings(next).get(0).subList(9, 11)).containsExactly(true, "2.0 only");
		JsonNode elsewhere = JsonMapper.shared().readTree(cli.run("image", CART_ELSEWHERE.digest, "--json").out());
		assertThat(findings(elsewhere).get(0).subList(9, 11)).containsExactly(true, "other registry");
	}

	@Test
	void theTextFormShowsTheResultAndNAForAFindingWithoutScore() {
		Cli.Result result = cli.run("image", REGISTRY + "/" + REPOSITORY + "@" + CART.digest);

		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains(REGISTRY + "/" + REPOSITORY + "@" + CART.digest, "1.0, latest",
				"FAIL, max CVSS 9.8", "warn at 7.0, fail at 8.0", "critical 1, high 1, medium 0, low 0, none 1");
		List<String> lines = result.out().lines().toList();
		String header = lines.stream().filter(line -> line.startsWith("ID ")).findFirst().orElseThrow();
		assertThat(header).contains("CVE", "PACKAGE", "VERSION", "FIXED", "CVSS", "EPSS", "PERCENTILE", "KEV",
				"EXCEPTED");
		List<String> rows = lines.subList(lines.indexOf(header) + 1, lines.size());
		assertThat(rows).hasSize(CART.findings.size());
		for (Finding finding : CART.findings) {
			String row = rows.stream()
				.filter(line -> line.startsWith(finding.vulnId() + " ")
						&& line.contains(" " + finding.packageName() + " "))
				.findFirst()
				.orElseThrow();
			String score = (finding.cvss() != null) ? " " + finding.cvss().toPlainString() + " " : " N/A ";
			assertThat(row).as(finding.toString()).contains(score);
		}
		assertThat(rows.get(rows.size() - 1)).startsWith("GHSA-aaaa-bbbb-cccc").contains("N/A");
	}

	@Test
	void anImageNeverAssessedIsAssessedOnTheWayAndShownUnknownWithItsReason() {
		Cli.Result json = cli.run("image", "library/redis:7", "--json");
		Cli.Result text = cli.run("image", "library/redis:7");

		assertThat(json.exitCode()).as(json.err()).isZero();
		JsonNode view = JsonMapper.shared().readTree(json.out());
		assertThat(view.get("result").stringValue()).isEqualTo("UNKNOWN");
		assertThat(view.get("unknownReason").stringValue()).isEqualTo(REDIS_REASON);
		assertThat(view.get("maxCvss").isNull()).isTrue();
		assertThat(view.get("maxEpss").isNull()).isTrue();
		assertThat(view.get("kevCount").intValue()).isZero();
		assertThat(view.get("thresholds").get("warn").decimalValue()).isEqualByComparingTo("7.0");
		assertThat(view.get("thresholds").get("fail").decimalValue()).isEqualByComparingTo("8.0");
		view.get("counts").forEach(count -> assertThat(count.intValue()).isZero());
		assertThat(view.get("registry").stringValue()).isEmpty();
		assertThat(view.get("findings").isEmpty()).isTrue();
		assertThat(text.out()).contains("UNKNOWN", REDIS_REASON, "No findings.");
	}

	@Test
	void aReferenceThatMatchesNoImageFails() {
		Cli.Result result = cli.run("image", REGISTRY + "/" + REPOSITORY + ":9.9");

		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.err()).contains("No image matches '" + REGISTRY + "/" + REPOSITORY + ":9.9'");
		assertThat(result.out()).isEmpty();
	}

	@Test
	void aReferenceThatMatchesSeveralImagesListsThemAndAsksForAFullerOne() {
		Cli.Result result = cli.run("image", REPOSITORY + ":1.0");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("'" + REPOSITORY + ":1.0' matches 2 images", "fuller reference",
				REGISTRY + "/" + REPOSITORY + "@" + CART.digest, "ghcr.io/" + REPOSITORY + "@" + CART_ELSEWHERE.digest);
		assertThat(result.out()).isEmpty();
	}

	@Test
	void aMalformedReferenceIsBadUsage() {
		for (String reference : List.of("bad ref;rm -rf", "Shop/Cart:1.0", "sha256:abc", "shop/cart:")) {
			Cli.Result result = cli.run("image", reference);

			assertThat(result.exitCode()).as(reference).isEqualTo(2);
			assertThat(result.err()).as(reference).contains("'" + reference + "' is not");
		}
	}

	/** The findings of the JSON object, each as the list of its values in field order. */
	private static List<List<Object>> findings(JsonNode view) {
		List<List<Object>> findings = new ArrayList<>();
		for (JsonNode finding : view.get("findings")) {
			findings.add(Arrays.asList(text(finding.get("id")), text(finding.get("cve")), text(finding.get("package")),
					text(finding.get("version")), text(finding.get("fixedVersion")), number(finding.get("cvss")),
					number(finding.get("epss")), number(finding.get("percentile")), finding.get("kev").asBoolean(),
					finding.get("excepted").asBoolean(), text(finding.get("exceptionJustification"))));
		}
		return findings;
	}

	/** The image's findings as the spec says they show, in the order it says: CVSS, then EPSS, highest first. */
	private static List<List<Object>> expectedFindings(TestImage image) {
		Map<String, Integer> epssRow = new HashMap<>();
		for (int i = 0; i < 2_000; i++) {
			epssRow.put(EpssFiles.cve(i), i);
		}
		Comparator<List<Object>> order = Comparator
			.comparing((List<Object> finding) -> (Double) finding.get(5),
					Comparator.nullsLast(Comparator.reverseOrder()))
			.thenComparing(finding -> (Double) finding.get(6), Comparator.nullsLast(Comparator.reverseOrder()))
			.thenComparing(finding -> (String) finding.get(0))
			.thenComparing(finding -> (String) finding.get(2))
			.thenComparing(finding -> (String) finding.get(3));
		return image.findings.stream().map(finding -> {
			Integer row = (finding.cve() != null) ? epssRow.get(finding.cve()) : null;
			String justification = EXCEPTIONS.stream()
				.filter(exception -> exception.covers(image, finding))
				.min(Comparator.comparingInt(TestException::narrowness))
				.map(TestException::justification)
				.orElse(null);
			return Arrays.<Object>asList(finding.vulnId(), finding.cve(), finding.packageName(), finding.version(),
					finding.fixedVersion(), (finding.cvss() != null) ? finding.cvss().doubleValue() : null,
					(row != null) ? EpssFiles.epss(row, EPSS_SEED) : null,
					(row != null) ? EpssFiles.percentile(row, EPSS_SEED) : null, false, justification != null,
					justification);
		}).sorted(order).toList();
	}

	private static String text(JsonNode node) {
		return node.isNull() ? null : node.stringValue();
	}

	private static Double number(JsonNode node) {
		return node.isNull() ? null : node.doubleValue();
	}

	/** A stored value as the JSON object gives it: decimals as doubles, counts as ints. */
	private static Object plain(Object value) {
		if (value instanceof BigDecimal decimal) {
			return decimal.doubleValue();
		}
		if (value instanceof Number number && !(value instanceof Double)) {
			return number.intValue();
		}
		return value;
	}

	private static BigDecimal cvss(String score) {
		return new BigDecimal(score);
	}

	/** An image the test writes, with the id it got. */
	static final class TestImage {

		final String registry;

		final String repository;

		final String digest;

		final List<String> tags;

		final List<Finding> findings;

		long id;

		TestImage(String registry, String repository, String digest, List<String> tags, List<Finding> findings) {
			this.registry = registry;
			this.repository = repository;
			this.digest = digest;
			this.tags = tags;
			this.findings = findings;
		}

		long insert(ImageRows rows, String scanStatus, String unknownReason) {
			this.id = rows.image(this.registry, this.repository, this.digest, this.tags, scanStatus, unknownReason,
					this.findings);
			return this.id;
		}

	}

	/** An exception as the spec defines it, with its matching rule in plain Java. */
	record TestException(String cve, String scope, String registry, String repository, List<String> tags,
			String justification, LocalDate expires) {

		boolean covers(TestImage image, Finding finding) {
			boolean vulnerability = this.cve.equals(finding.cve()) || this.cve.equals(finding.vulnId());
			boolean active = this.expires == null || !this.expires.isBefore(TODAY);
			boolean sameName = this.registry.equals(image.registry) && this.repository.equals(image.repository);
			boolean inScope = switch (this.scope) {
				case "any" -> true;
				case "repo" -> sameName;
				default -> sameName && this.tags.stream().anyMatch(image.tags::contains);
			};
			return vulnerability && active && inScope;
		}

		/** Image scopes first, then repo, then any; in each, the first imported. */
		int narrowness() {
			int rank = List.of("image", "repo", "any").indexOf(this.scope);
			return rank * 1000 + EXCEPTIONS.indexOf(this);
		}

		String csvRow() {
			String tagList = this.tags.isEmpty() ? "" : JsonMapper.shared().writeValueAsString(this.tags);
			return CSVFormat.RFC4180.format(this.cve, this.registry, this.repository, tagList, this.justification,
					this.scope, Objects.toString(this.expires, ""));
		}

	}

}
