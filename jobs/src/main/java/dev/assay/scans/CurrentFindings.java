package dev.assay.scans;

import java.math.BigDecimal;
import java.sql.Statement;
import java.util.Collection;
import java.util.Collections;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Replaces the findings of images with those of their new current scans, set-based: one delete and
 * one LOAD DATA for a whole chunk of reports, never a statement per finding. Runs in the caller's
 * transaction; thread-safe.
 */
class CurrentFindings {

	/** The columns in the order the rows are written; the server reads them as text. */
	private static final String LOAD = """
			LOAD DATA LOCAL INFILE 'findings' INTO TABLE finding CHARACTER SET utf8mb4
			(image_id, scan_id, vuln_id, cve, aliases, package_name, package_version, package_type, purl, fixed_version,
				severity, cvss3_score, cvss3_vector, cvss3_source, cvss2_score, cvss2_vector, cvss4_score, cvss4_vector)""";

	private final JdbcTemplate jdbc;

	CurrentFindings(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** @return how many findings were written */
	int replace(Collection<CurrentScan> scans) {
		if (scans.isEmpty()) {
			return 0;
		}
		this.jdbc.update("DELETE FROM finding WHERE image_id IN (" + String.join(", ",
				Collections.nCopies(scans.size(), "?")) + ")", scans.stream().map(CurrentScan::imageId).toArray());
		LoadDataText text = new LoadDataText();
		int rows = 0;
		for (CurrentScan scan : scans) {
			for (Finding finding : scan.report().findings()) {
				append(text, scan, finding);
				rows++;
			}
		}
		if (rows > 0) {
			load(text, rows);
		}
		return rows;
	}

	/**
	 * One LOAD DATA for the chunk, on the transaction's connection: for rows this wide it takes
	 * about half the time of a batch of multi-row INSERTs, which the server must parse as SQL.
	 */
	private void load(LoadDataText text, int rows) {
		long loaded = this.jdbc.execute((ConnectionCallback<Long>) connection -> {
			try (Statement statement = connection.createStatement()) {
				statement.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(text.stream());
				return statement.executeLargeUpdate(LOAD);
			}
		});
		if (loaded != rows) {
			throw new IllegalStateException("LOAD DATA wrote " + loaded + " findings where " + rows + " were given");
		}
	}

	private static void append(LoadDataText text, CurrentScan scan, Finding finding) {
		text.add(scan.imageId())
			.add(scan.scanId())
			.add(finding.vulnerabilityId())
			.add(finding.cve())
			.add(finding.aliases().isEmpty() ? null : String.join(",", finding.aliases()))
			.add((finding.packageName() != null) ? finding.packageName() : "")
			.add((finding.packageVersion() != null) ? finding.packageVersion() : "")
			.add(finding.packageType())
			.add(finding.purl())
			.add(finding.fixedVersion())
			.add(finding.severity());
		addCvss(text, finding.cvssV3());
		text.add((finding.cvssV3() != null) ? finding.cvssV3().source() : null);
		addCvss(text, finding.cvssV2());
		addCvss(text, finding.cvssV4());
		text.endRow();
	}

	/** Score and vector; CVSS scores have one decimal, which is all the column keeps. */
	private static void addCvss(LoadDataText text, Cvss cvss) {
		if (cvss == null) {
			text.add(null).add(null);
			return;
		}
		text.add(BigDecimal.valueOf(Math.round(cvss.score() * 10), 1)).add(cvss.vector());
	}

}
