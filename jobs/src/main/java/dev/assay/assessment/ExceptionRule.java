package dev.assay.assessment;

/**
 * The exception rule as SQL, for readers that show per finding whether an exception covers it (the
 * image view, the export). An active exception (expiring today or later, UTC, given as the
 * parameter {@code :today}) covers a finding when it names the finding's CVE or its reported id:
 * in every image (scope {@code any}), in the images of its registry and repository ({@code repo}),
 * or in those of them carrying one of its tags ({@code image}). The assessment applies the same
 * rule in bulk.
 */
public final class ExceptionRule {

	/**
	 * The exceptions of {@code x} that cover a finding whose id (CVE or reported id) is
	 * {@code %1$s}, in the image {@code i}. Both ids are looked up by equality, each through the
	 * index on {@code vuln_exception.cve}: one {@code IN} over the two would read every exception.
	 */
	private static final String COVERING = """
			(SELECT MIN(CONCAT(FIELD(x.scope, 'image', 'repo', 'any'), LPAD(x.id, 19, '0'), x.justification))
				FROM vuln_exception x
				WHERE x.cve = %1$s
					AND (x.expires IS NULL OR x.expires >= :today)
					AND (x.scope = 'any'
						OR (x.registry = i.registry AND x.repository = i.repository
							AND (x.scope = 'repo' OR EXISTS (SELECT 1 FROM vuln_exception_tag xt
								JOIN image_tag it ON it.tag = xt.tag
								WHERE xt.exception_id = x.id AND it.image_id = i.id)))))""";

	/**
	 * The justification of the active exception that covers finding {@code f} of image {@code i},
	 * {@code NULL} when none does; of the narrowest scope when several do (image, then repo, then
	 * any; the oldest among equals), so the reason shown is the most specific one. Needs the
	 * aliases {@code f} (finding) and {@code i} (image) and the parameter {@code :today}.
	 */
	public static final String JUSTIFICATION = "SUBSTRING(NULLIF(LEAST(COALESCE(" + COVERING.formatted("f.cve")
			+ ", '9'), COALESCE(" + COVERING.formatted("f.vuln_id") + ", '9')), '9'), 21)";

	private ExceptionRule() {
	}

}
