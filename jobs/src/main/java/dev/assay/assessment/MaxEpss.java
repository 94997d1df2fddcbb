package dev.assay.assessment;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The highest EPSS score among each image's findings that no exception covers, into the scratch
 * table {@code assess_epss}, found from the top: the best-scored CVEs of the EPSS snapshot are
 * looked up in the findings by CVE, a window of ranks at a time, so that an image gets its max
 * from the first window that holds one of its CVEs. A few windows settle nearly every image having
 * read a small share of the findings, through the index on finding.cve alone; the few images left
 * (with only low scores, or none) are then read whole. At worst that is every finding of every
 * image, which is what computing the max of each image directly reads every time.
 * <p>
 * A scope of few images is read whole at once: windows would read the findings of the best CVEs
 * in every image to settle a handful.
 * <p>
 * Needs the scratch table {@code assess_excepted} (the ids of the findings exceptions cover) and
 * runs on the assessment's connection, as {@link ImageAssessor} does.
 */
class MaxEpss {

	/** The first window of ranks; each next one is twice as wide. */
	private static final int FIRST_WINDOW = 4096;

	private static final int WINDOWS = 3;

	/** The ranks the windows cover: 4,096 + 8,192 + 16,384. */
	private static final int RANKED = FIRST_WINDOW * ((1 << WINDOWS) - 1);

	/** Windows stop once no more than 1 / this of the images is left without a max. */
	private static final int FEW_LEFT = 64;

	/** A scope of no more than 1 / this of all images is read whole. */
	private static final int SMALL_SCOPE = 16;

	/** A sort that keeps only the top rows, over the snapshot, which its load left in memory. */
	private static final String RANK_CVES = """
			INSERT INTO assess_cve (cve, epss)
			SELECT cve, epss FROM epss_current ORDER BY epss DESC LIMIT %d""".formatted(RANKED);

	/** The first value written for an image is kept: windows come best first. */
	private static final String WINDOW = """
			INSERT IGNORE INTO assess_epss (image_id, max_epss)
			SELECT f.image_id, MAX(c.epss)
			FROM assess_cve c JOIN finding f ON f.cve = c.cve %s
			WHERE c.rnk BETWEEN :from AND :to AND NOT EXISTS (SELECT 1 FROM assess_excepted e WHERE e.id = f.id)
			GROUP BY f.image_id""";

	private static final String LEFT_OVER = """
			INSERT INTO assess_epss_left (image_id)
			SELECT i.id FROM image i %s LEFT JOIN assess_epss m ON m.image_id = i.id
			WHERE m.image_id IS NULL""";

	private static final String READ_WHOLE = """
			INSERT INTO assess_epss (image_id, max_epss)
			SELECT f.image_id, MAX(s.epss)
			FROM assess_epss_left l JOIN finding f ON f.image_id = l.image_id JOIN epss_current s ON s.cve = f.cve
			WHERE NOT EXISTS (SELECT 1 FROM assess_excepted e WHERE e.id = f.id)
			GROUP BY f.image_id""";

	static final String SCRATCH_TABLES = "assess_cve, assess_epss, assess_epss_left";

	private final JdbcClient db;

	MaxEpss(JdbcClient db) {
		this.db = db;
	}

	/** Creates the scratch tables, in a session whose MEMORY table limit was raised. */
	void createTables() {
		this.db.sql("""
				CREATE TEMPORARY TABLE assess_cve (
					rnk INT NOT NULL AUTO_INCREMENT,
					cve VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
					epss DOUBLE NOT NULL,
					PRIMARY KEY USING BTREE (rnk)
				) ENGINE = MEMORY""").update();
		this.db.sql("CREATE TEMPORARY TABLE assess_epss (image_id BIGINT NOT NULL PRIMARY KEY, max_epss DOUBLE NOT NULL)")
			.update();
		this.db.sql("CREATE TEMPORARY TABLE assess_epss_left (image_id BIGINT NOT NULL PRIMARY KEY)").update();
	}

	/**
	 * Fills {@code assess_epss} for the images of the scope; an image without a scored CVE that no
	 * exception covers gets no row.
	 * @param images how many images the scope holds
	 * @param allImages how many images there are
	 */
	void compute(ImageScope scope, int images, int allImages) {
		if (!this.db.sql("SELECT EXISTS (SELECT 1 FROM epss_current)").query(Boolean.class).single()) {
			return;
		}
		int left = images;
		if (images > allImages / SMALL_SCOPE) {
			int ranked = this.db.sql(RANK_CVES).update();
			int from = 1;
			int width = FIRST_WINDOW;
			while (from <= ranked && left > images / FEW_LEFT) {
				int to = from + width - 1;
				this.db.sql(WINDOW.formatted(scope.findings())).param("from", from).param("to", to).update();
				left = images - this.db.sql("SELECT COUNT(*) FROM assess_epss").query(Integer.class).single();
				from = to + 1;
				width *= 2;
			}
		}
		if (left > 0) {
			this.db.sql(LEFT_OVER.formatted(scope.images())).update();
			this.db.sql(READ_WHOLE).update();
		}
	}

}
