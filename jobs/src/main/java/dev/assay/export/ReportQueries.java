package dev.assay.export;

import java.util.ArrayList;
import java.util.List;

import dev.assay.assessment.ExceptionRule;

/**
 * The SQL of one export, with its filters in place. Reads only the published read models: image,
 * image_tag and finding (scans), image_assessment and the exception rule (assessment),
 * epss_current and kev_known_exploited (feeds), runtime_container and image_runtime (runtime).
 * Named parameters: those of {@link ExportFilters#sqlParameters} and {@code :today}.
 */
final class ReportQueries {

	/** An image's tags, comma-separated (a tag holds no comma), for {@link CsvCells#tags}. */
	private static final String TAGS = """
			LEFT JOIN (SELECT image_id, GROUP_CONCAT(tag ORDER BY tag SEPARATOR ',') AS tags
				FROM image_tag GROUP BY image_id) t ON t.image_id = i.id""";

	private static final String FEEDS = """
			LEFT JOIN epss_current e ON e.cve = f.cve
			LEFT JOIN kev_known_exploited k ON k.cve = f.cve""";

	/** The tag an image reference carries: the first by name. */
	static final String FIRST_TAG = "(SELECT MIN(it.tag) FROM image_tag it WHERE it.image_id = i.id)";

	private static final String IMAGE_CVES = """
			SELECT i.registry, i.repository, t.tags, i.digest, a.result, COALESCE(f.cve, f.vuln_id) AS cve,
				f.cvss3_score, e.epss, e.percentile, k.cve IS NOT NULL AS kev, k.date_added, k.due_date,
				k.known_ransomware_campaign_use, f.package_name, f.package_version, f.fixed_version,
				%s AS justification, r.clusters, r.running_instances
			FROM finding f
				JOIN image i ON i.id = f.image_id
				JOIN image_assessment a ON a.image_id = f.image_id
				LEFT JOIN image_runtime r ON r.image_id = f.image_id
				%s
				%s
			WHERE %s
			ORDER BY i.registry, i.repository, i.digest, f.cvss3_score IS NULL, f.cvss3_score DESC, cve, f.id""";

	/** Per image, its CVEs (or reported ids without one) once each, highest score first. */
	private static final String IMAGES = """
			SELECT i.registry, i.repository, t.tags, i.digest, a.result, a.max_cvss, a.critical, a.high, a.medium,
				a.low, a.none, a.max_epss, a.kev_count, r.clusters, r.running_instances, i.last_scanned, c.cves
			FROM image i
				JOIN image_assessment a ON a.image_id = i.id
				LEFT JOIN image_runtime r ON r.image_id = i.id
				%s
				JOIN (SELECT v.image_id,
						GROUP_CONCAT(v.cve ORDER BY v.score IS NULL, v.score DESC, v.cve SEPARATOR ';') AS cves
					FROM (SELECT f.image_id, COALESCE(f.cve, f.vuln_id) AS cve, MAX(f.cvss3_score) AS score
						FROM finding f
						%s
						%s
						GROUP BY f.image_id, COALESCE(f.cve, f.vuln_id)) v
					GROUP BY v.image_id) c ON c.image_id = i.id
			WHERE %s
			ORDER BY i.registry, i.repository, i.digest""";

	private final ExportFilters filters;

	ReportQueries(ExportFilters filters) {
		this.filters = filters;
	}

	/** One row per finding of the exported images that passes the finding filters. */
	String imageCves() {
		List<String> conditions = new ArrayList<>(this.filters.imageConditions());
		conditions.addAll(this.filters.findingConditions());
		return IMAGE_CVES.formatted(ExceptionRule.JUSTIFICATION, TAGS, FEEDS, String.join(" AND ", conditions));
	}

	/** One row per exported image with at least one finding that passes the finding filters. */
	String images() {
		List<String> findingConditions = this.filters.findingConditions();
		String where = findingConditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", findingConditions);
		return IMAGES.formatted(TAGS, FEEDS, where, String.join(" AND ", this.filters.imageConditions()));
	}

	/**
	 * {@code FROM ... WHERE ...} of the exported images: those passing the image filters and, when
	 * findings are filtered, holding a finding that passes. Aliases {@code i}, {@code a}, {@code r}.
	 */
	String selectedImages() {
		return "FROM image i JOIN image_assessment a ON a.image_id = i.id"
				+ " LEFT JOIN image_runtime r ON r.image_id = i.id WHERE " + selectedConditions();
	}

	/** The exported images running in clusters, one row per container; adds the alias {@code c}. */
	String runningContainers() {
		return "FROM runtime_container c JOIN image i ON i.id = c.image_id"
				+ " JOIN image_assessment a ON a.image_id = i.id LEFT JOIN image_runtime r ON r.image_id = i.id WHERE "
				+ selectedConditions();
	}

	/**
	 * {@code FROM ... WHERE ...} of the findings that passing the filters and no exception covers,
	 * of the exported images; aliases as in {@link #imageCves}.
	 */
	String activeFindings() {
		List<String> conditions = new ArrayList<>(this.filters.imageConditions());
		conditions.addAll(this.filters.findingConditions());
		conditions.add(ExceptionRule.JUSTIFICATION + " IS NULL");
		return """
				FROM finding f
					JOIN image i ON i.id = f.image_id
					JOIN image_assessment a ON a.image_id = f.image_id
					LEFT JOIN image_runtime r ON r.image_id = f.image_id
					%s
				WHERE %s""".formatted(FEEDS, String.join(" AND ", conditions));
	}

	private String selectedConditions() {
		List<String> conditions = new ArrayList<>(this.filters.imageConditions());
		List<String> findingConditions = this.filters.findingConditions();
		if (!findingConditions.isEmpty()) {
			conditions.add("EXISTS (SELECT 1 FROM finding f " + FEEDS + " WHERE f.image_id = i.id AND "
					+ String.join(" AND ", findingConditions) + ")");
		}
		return String.join(" AND ", conditions);
	}

}
