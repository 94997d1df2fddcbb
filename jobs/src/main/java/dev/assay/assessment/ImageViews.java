package dev.assay.assessment;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.assay.runtime.ImageRuntime;
import dev.assay.runtime.RunningImages;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads single images for {@code assay image}: finds the images a reference names, and shows one
 * with its stored result and its findings joined with EPSS, KEV and the active exceptions.
 * Read-only and thread-safe.
 */
@Component
public class ImageViews {

	private static final String FINDINGS = """
			SELECT f.vuln_id, f.cve, f.package_name, f.package_version, f.fixed_version, f.cvss3_score,
				e.epss, e.percentile, k.cve IS NOT NULL AS kev, %s AS justification
			FROM finding f
				JOIN image i ON i.id = f.image_id
				LEFT JOIN epss_current e ON e.cve = f.cve
				LEFT JOIN kev_known_exploited k ON k.cve = f.cve
			WHERE f.image_id = :image
			ORDER BY f.cvss3_score IS NULL, f.cvss3_score DESC, e.epss IS NULL, e.epss DESC,
				f.vuln_id, f.package_name, f.package_version""".formatted(ExceptionRule.JUSTIFICATION);

	private static final String IMAGE = """
			SELECT i.registry, i.repository, i.digest, a.image_id IS NOT NULL AS assessed, a.result,
				CASE WHEN a.image_id IS NULL THEN i.unknown_reason ELSE a.unknown_reason END AS unknown_reason,
				a.max_cvss, a.warn_threshold, a.fail_threshold, a.critical, a.high, a.medium, a.low, a.none,
				a.kev_count, a.max_epss
			FROM image i LEFT JOIN image_assessment a ON a.image_id = i.id
			WHERE i.id = ?""";

	private final JdbcClient db;

	private final TransactionTemplate readOnly;

	private final RunningImages running;

	ImageViews(JdbcClient db, PlatformTransactionManager transactionManager, RunningImages running) {
		this.db = db;
		this.running = running;
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
	}

	/** The images the selector names, by registry, repository and digest; none, one, or several. */
	public List<ImageViewMatch> find(ImageViewSelector selector) {
		List<String> conditions = new ArrayList<>();
		Map<String, Object> params = new LinkedHashMap<>();
		if (selector.registry() != null) {
			conditions.add("i.registry = :registry");
			params.put("registry", selector.registry());
		}
		if (selector.repository() != null) {
			conditions.add("i.repository = :repository");
			params.put("repository", selector.repository());
		}
		if (selector.digest() != null) {
			conditions.add("i.digest = :digest");
			params.put("digest", selector.digest());
		}
		if (selector.tag() != null) {
			conditions.add("EXISTS (SELECT 1 FROM image_tag t WHERE t.image_id = i.id AND t.tag = :tag)");
			params.put("tag", selector.tag());
		}
		return this.db.sql("""
				SELECT i.id, i.registry, i.repository, i.digest,
					(SELECT MIN(t.tag) FROM image_tag t WHERE t.image_id = i.id) AS tag
				FROM image i""" + " WHERE " + String.join(" AND ", conditions)
				+ " ORDER BY i.registry, i.repository, i.digest")
			.params(params)
			.query((rs, row) -> new ImageViewMatch(rs.getLong("id"), reference(rs)))
			.list();
	}

	private static String reference(ResultSet rs) throws SQLException {
		String registry = rs.getString("registry");
		String name = (registry.isEmpty() ? "" : registry + "/") + rs.getString("repository");
		String digest = rs.getString("digest");
		String tag = rs.getString("tag");
		if (!digest.isEmpty()) {
			return name + "@" + digest;
		}
		return (tag != null) ? name + ":" + tag : name;
	}

	/**
	 * The image with its result and findings, read in one transaction so that they belong together.
	 * @throws org.springframework.dao.EmptyResultDataAccessException when no image has the id
	 */
	public ImageView view(long imageId) {
		return this.readOnly.execute(status -> {
			List<String> tags = this.db.sql("SELECT tag FROM image_tag WHERE image_id = ? ORDER BY tag")
				.param(imageId)
				.query(String.class)
				.list();
			List<ImageView.Finding> findings = this.db.sql(FINDINGS)
				.param("image", imageId)
				.param("today", LocalDate.now(ZoneOffset.UTC))
				.query(ImageViews::finding)
				.list();
			ImageRuntime runtime = this.running.of(imageId);
			return this.db.sql(IMAGE).param(imageId).query((rs, row) -> image(rs, tags, findings, runtime)).single();
		});
	}

	private static ImageView image(ResultSet rs, List<String> tags, List<ImageView.Finding> findings,
			ImageRuntime runtime) throws SQLException {
		boolean assessed = rs.getBoolean("assessed");
		return new ImageView(rs.getString("registry"), rs.getString("repository"), rs.getString("digest"), tags,
				rs.getString("result"), rs.getString("unknown_reason"), rs.getBigDecimal("max_cvss"),
				assessed ? new ImageView.Thresholds(rs.getBigDecimal("warn_threshold"),
						rs.getBigDecimal("fail_threshold")) : null,
				assessed ? new ImageView.Counts(rs.getInt("critical"), rs.getInt("high"), rs.getInt("medium"),
						rs.getInt("low"), rs.getInt("none")) : null,
				assessed ? rs.getInt("kev_count") : null, rs.getObject("max_epss", Double.class), findings,
				runtime.clusters(), runtime.runningInstances(), runtime.runningIn());
	}

	private static ImageView.Finding finding(ResultSet rs, int row) throws SQLException {
		String justification = rs.getString("justification");
		BigDecimal cvss = rs.getBigDecimal("cvss3_score");
		return new ImageView.Finding(rs.getString("vuln_id"), rs.getString("cve"), rs.getString("package_name"),
				rs.getString("package_version"), rs.getString("fixed_version"), cvss,
				rs.getObject("epss", Double.class), rs.getObject("percentile", Double.class), rs.getBoolean("kev"),
				justification != null, justification);
	}

}
