package dev.assay.export;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.assay.assessment.Result;
import dev.assay.export.Summary.FixFirst;
import dev.assay.export.Summary.NamespaceCounts;
import dev.assay.export.Summary.RegistryCounts;
import dev.assay.export.Summary.RiskyNamespace;
import dev.assay.export.Summary.RiskyRepository;
import dev.assay.export.Summary.State;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Computes a {@link Summary} with a few grouped statements over the exported images; only the
 * groups and the top lists come back, and the results of the images (for the next change report).
 * Runs inside the export's transaction.
 */
final class SummaryQueries {

	private static final int RISKIEST = 5;

	private static final int FIX_FIRST = 20;

	private final NamedParameterJdbcTemplate db;

	private final Map<String, Object> parameters;

	private final ReportQueries queries;

	SummaryQueries(NamedParameterJdbcTemplate db, Map<String, Object> parameters, ReportQueries queries) {
		this.db = db;
		this.parameters = parameters;
		this.queries = queries;
	}

	/** The summary of the exported images, compared with the state of the previous set. */
	Summary summary(String set, String previousSet, State previous) {
		Map<String, Long> byResult = counts();
		this.db.query("SELECT a.result, COUNT(*) " + this.queries.selectedImages() + " GROUP BY a.result",
				this.parameters, (RowCallbackHandler) rs -> byResult.put(rs.getString(1), rs.getLong(2)));
		long images = byResult.values().stream().mapToLong(Long::longValue).sum();
		Map<String, String> references = new LinkedHashMap<>();
		State state = state(references);
		Summary.Changes changes = ChangeReport.between(previousSet, previous, state, references);
		return new Summary(set, images, byResult, byRegistry(), byNamespace(), riskiestRepositories(),
				riskiestNamespaces(), fixFirst(), changes, state);
	}

	private List<RegistryCounts> byRegistry() {
		Map<String, Map<String, Long>> groups = new TreeMap<>();
		this.db.query("SELECT i.registry, a.result, COUNT(*) " + this.queries.selectedImages()
				+ " GROUP BY i.registry, a.result", this.parameters,
				(RowCallbackHandler) rs -> groups.computeIfAbsent(rs.getString(1), key -> counts())
					.put(rs.getString(2), rs.getLong(3)));
		List<RegistryCounts> list = new ArrayList<>();
		groups.forEach((registry, results) -> list.add(new RegistryCounts(registry, total(results), results)));
		return list;
	}

	private List<NamespaceCounts> byNamespace() {
		List<NamespaceCounts> list = new ArrayList<>();
		Map<String, long[]> sizes = new LinkedHashMap<>();
		Map<String, Map<String, Long>> results = new LinkedHashMap<>();
		this.db.query("SELECT c.cluster, c.namespace, a.result, COUNT(DISTINCT i.id), COUNT(*) "
				+ this.queries.runningContainers() + " GROUP BY c.cluster, c.namespace, a.result"
				+ " ORDER BY c.cluster, c.namespace", this.parameters, (RowCallbackHandler) rs -> {
					String key = rs.getString(1) + "\n" + rs.getString(2);
					results.computeIfAbsent(key, k -> counts()).put(rs.getString(3), rs.getLong(4));
					sizes.computeIfAbsent(key, k -> new long[1])[0] += rs.getLong(5);
				});
		results.forEach((key, counts) -> {
			String[] parts = key.split("\n", 2);
			list.add(new NamespaceCounts(parts[0], parts[1], total(counts), sizes.get(key)[0], counts));
		});
		return list;
	}

	private List<RiskyRepository> riskiestRepositories() {
		return this.db.query("SELECT i.registry, i.repository, SUM(a.result = 'FAIL') AS fail, COUNT(*) AS images "
				+ this.queries.selectedImages() + " GROUP BY i.registry, i.repository HAVING fail > 0"
				+ " ORDER BY fail DESC, images DESC, i.registry, i.repository LIMIT " + RISKIEST, this.parameters,
				(rs, row) -> new RiskyRepository(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
	}

	private List<RiskyNamespace> riskiestNamespaces() {
		return this.db.query("SELECT c.cluster, c.namespace, COUNT(DISTINCT IF(a.result = 'FAIL', i.id, NULL)) AS fail,"
				+ " COUNT(DISTINCT i.id) AS images " + this.queries.runningContainers()
				+ " GROUP BY c.cluster, c.namespace HAVING fail > 0"
				+ " ORDER BY fail DESC, images DESC, c.cluster, c.namespace LIMIT " + RISKIEST, this.parameters,
				(rs, row) -> new RiskyNamespace(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
	}

	private List<FixFirst> fixFirst() {
		return this.db.query("SELECT i.registry, i.repository, " + ReportQueries.FIRST_TAG + " AS tag, i.digest,"
				+ " COALESCE(f.cve, f.vuln_id) AS cve, f.package_name, f.package_version, f.fixed_version,"
				+ " f.cvss3_score, e.epss, k.cve IS NOT NULL AS kev, r.running_instances "
				+ this.queries.activeFindings() + " AND r.running_instances > 0"
				+ " ORDER BY kev DESC, COALESCE(e.epss, 0) * COALESCE(f.cvss3_score, 0) DESC,"
				+ " f.cvss3_score IS NULL, f.cvss3_score DESC, cve, i.registry, i.repository, i.digest, f.package_name"
				+ " LIMIT " + FIX_FIRST, this.parameters,
				(rs, row) -> new FixFirst(ref(rs).reference(), rs.getString("cve"), rs.getString("package_name"),
						rs.getString("package_version"), rs.getString("fixed_version"),
						rs.getBigDecimal("cvss3_score"), rs.getObject("epss", Double.class), rs.getBoolean("kev"),
						rs.getLong("running_instances")));
	}

	/** The results and KEV hits of the exported images; fills {@code references} (key to reference). */
	private State state(Map<String, String> references) {
		Map<String, String> results = new TreeMap<>();
		this.db.query("SELECT i.registry, i.repository, " + ReportQueries.FIRST_TAG + " AS tag, i.digest, a.result "
				+ this.queries.selectedImages(), this.parameters, (RowCallbackHandler) rs -> {
					ImageRef ref = ref(rs);
					results.put(ref.key(), rs.getString("result"));
					references.put(ref.key(), ref.reference());
				});
		Map<String, List<String>> kevHits = new TreeMap<>();
		this.db.query("SELECT DISTINCT i.registry, i.repository, " + ReportQueries.FIRST_TAG + " AS tag, i.digest,"
				+ " f.cve " + this.queries.activeFindings() + " AND k.cve IS NOT NULL ORDER BY f.cve",
				this.parameters, (RowCallbackHandler) rs -> kevHits
					.computeIfAbsent(ref(rs).key(), key -> new ArrayList<>())
					.add(rs.getString("cve")));
		return new State(results, kevHits);
	}

	private static ImageRef ref(ResultSet rs) throws SQLException {
		return new ImageRef(rs.getString("registry"), rs.getString("repository"), rs.getString("tag"),
				rs.getString("digest"));
	}

	private static Map<String, Long> counts() {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (Result result : Result.values()) {
			counts.put(result.name(), 0L);
		}
		return counts;
	}

	private static long total(Map<String, Long> counts) {
		return counts.values().stream().mapToLong(Long::longValue).sum();
	}

}
