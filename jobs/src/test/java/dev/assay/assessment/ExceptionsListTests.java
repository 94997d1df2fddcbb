package dev.assay.assessment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.assay.testing.Cli;
import dev.assay.testing.Sql;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code assay exceptions list} shows what applies today (UTC), {@code --expired} what no longer
 * does, and {@code delete} removes one exception with its tags.
 */
class ExceptionsListTests {

	static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

	@TempDir
	static Path home;

	static Cli cli;

	static Sql sql;

	@BeforeAll
	static void exceptions() throws IOException {
		cli = new Cli("exc_list", home);
		sql = new Sql(cli.jdbcUrl());
		Path file = Files.writeString(home.resolve("exceptions.csv"), """
				CVE,Registry,Repository,Tags,Justification,Scope,Expires,Owner
				CVE-2020-0001,,,,expired yesterday,any,%s,alice
				CVE-2020-0002,,,,expires today,any,%s,
				CVE-2020-0003,ghcr.io,org/app,"[""1.0"",""2.0""]",expires tomorrow,image,%s,bob
				CVE-2020-0004,ghcr.io,org/app,,never expires,repo,,
				""".formatted(TODAY.minusDays(1), TODAY, TODAY.plusDays(1)));
		Cli.Result imported = cli.run("exceptions", "import", file.toString());
		assertThat(imported.exitCode()).as(imported.err()).isZero();
	}

	@Test
	void listShowsTheExceptionsThatApplyTodayIncludingOneExpiringToday() {
		Cli.Result result = cli.run("exceptions", "list", "--json");

		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(cves(result.out())).containsExactlyElementsOf(
				cvesWhere("x.expires IS NULL OR x.expires >= '" + TODAY + "'"));
		assertThat(cves(result.out())).doesNotContain("CVE-2020-0001").contains("CVE-2020-0002");
	}

	@Test
	void expiredListsOnlyTheExceptionsWhoseLastDayHasPassed() {
		Cli.Result result = cli.run("exceptions", "list", "--expired", "--json");

		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(cves(result.out())).containsExactly("CVE-2020-0001")
			.containsExactlyElementsOf(cvesWhere("x.expires < '" + TODAY + "'"));
	}

	@Test
	void theJsonFormGivesEveryFieldOfAnException() {
		Cli.Result result = cli.run("exceptions", "list", "--json");

		JsonNode exception = JsonMapper.shared().readTree(result.out()).get("exceptions").get(1);
		assertThat(exception.propertyNames()).containsExactly("id", "cve", "scope", "registry", "repository", "tags",
				"justification", "expires", "owner");
		List<Object> row = sql.rows("SELECT id, cve, scope, registry, repository, justification, CAST(expires AS CHAR),"
				+ " owner FROM vuln_exception WHERE cve = 'CVE-2020-0003'").get(0);
		assertThat(List.<Object>of(exception.get("id").asLong(), exception.get("cve").stringValue(),
				exception.get("scope").stringValue(), exception.get("registry").stringValue(),
				exception.get("repository").stringValue(), exception.get("justification").stringValue(),
				exception.get("expires").stringValue(), exception.get("owner").stringValue()))
			.containsExactlyElementsOf(row);
		assertThat(exception.get("tags").values().stream().<Object>map(JsonNode::stringValue))
			.containsExactlyElementsOf(sql.rows("SELECT tag FROM vuln_exception_tag t JOIN vuln_exception x"
					+ " ON x.id = t.exception_id WHERE x.cve = 'CVE-2020-0003' ORDER BY tag")
				.stream()
				.map(tag -> tag.get(0))
				.toList());
	}

	@Test
	void theTextFormShowsOneLinePerActiveException() {
		Cli.Result result = cli.run("exceptions", "list");

		assertThat(result.exitCode()).as(result.err()).isZero();
		List<String> lines = result.out().lines().toList();
		assertThat(lines.get(0)).startsWith("ID").contains("CVE", "SCOPE", "EXPIRES", "JUSTIFICATION");
		assertThat(lines).hasSize(1 + cvesWhere("x.expires IS NULL OR x.expires >= '" + TODAY + "'").size());
		assertThat(result.out()).contains("1.0, 2.0", "expires tomorrow", TODAY.plusDays(1).toString())
			.doesNotContain("expired yesterday");
	}

	@Test
	void deleteRemovesTheExceptionAndItsTags() throws IOException {
		// given an exception of its own, so that the other tests keep theirs
		Path file = Files.writeString(home.resolve("delete.csv"), "CVE,Registry,Repository,Tags,Justification,Scope\n"
				+ "CVE-2020-0099,ghcr.io,org/app,\"[\"\"3.0\"\"]\",to be deleted,image\n");
		assertThat(cli.run("exceptions", "import", file.toString()).exitCode()).isZero();
		Object id = sql.value("SELECT id FROM vuln_exception WHERE cve = 'CVE-2020-0099'");
		assertThat(sql.count("SELECT COUNT(*) FROM vuln_exception_tag WHERE exception_id = " + id)).isOne();

		// when
		Cli.Result result = cli.run("exceptions", "delete", id.toString());

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("Deleted exception " + id, "CVE-2020-0099");
		assertThat(sql.count("SELECT COUNT(*) FROM vuln_exception WHERE id = " + id)).isZero();
		assertThat(sql.count("SELECT COUNT(*) FROM vuln_exception_tag WHERE exception_id = " + id)).isZero();
		assertThat(cves(cli.run("exceptions", "list", "--json").out())).doesNotContain("CVE-2020-0099");
	}

	@Test
	void deletingAnUnknownIdFailsAndSaysWhereTheIdsAre() {
		long unknown = sql.count("SELECT MAX(id) FROM vuln_exception") + 1000;

		Cli.Result result = cli.run("exceptions", "delete", Long.toString(unknown));

		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.err()).contains("No exception has id " + unknown, "assay exceptions list");
	}

	@Test
	void anIdThatIsNotANumberIsBadUsage() {
		Cli.Result result = cli.run("exceptions", "delete", "CVE-2020-0001");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(sql.count("SELECT COUNT(*) FROM vuln_exception WHERE cve = 'CVE-2020-0001'")).isOne();
	}

	private static List<String> cves(String json) {
		List<String> cves = new ArrayList<>();
		for (JsonNode exception : JsonMapper.shared().readTree(json).get("exceptions")) {
			cves.add(exception.get("cve").stringValue());
		}
		return cves;
	}

	private static List<String> cvesWhere(String condition) {
		return sql.rows("SELECT cve FROM vuln_exception x WHERE (" + condition + ") AND cve <> 'CVE-2020-0099'"
				+ " ORDER BY cve").stream().map(row -> (String) row.get(0)).toList();
	}

}
