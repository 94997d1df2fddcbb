package dev.assay.scans;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Replaces the findings of images with those of their new current scans, set-based: one delete and
 * one JDBC batch for a whole chunk of reports, never a statement per finding. Runs in the caller's
 * transaction; thread-safe.
 */
class CurrentFindings {

	private static final String INSERT = """
			INSERT INTO finding (image_id, scan_id, vuln_id, cve, aliases, package_name, package_version, package_type,
				purl, fixed_version, severity, cvss3_score, cvss3_vector, cvss3_source, cvss2_score, cvss2_vector,
				cvss4_score, cvss4_vector)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

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
		List<Row> rows = new ArrayList<>();
		for (CurrentScan scan : scans) {
			for (Finding finding : scan.report().findings()) {
				rows.add(new Row(scan.imageId(), scan.scanId(), finding));
			}
		}
		if (!rows.isEmpty()) {
			this.jdbc.batchUpdate(INSERT, rows, rows.size(), CurrentFindings::bind);
		}
		return rows.size();
	}

	private static void bind(PreparedStatement statement, Row row) throws SQLException {
		Finding finding = row.finding();
		statement.setLong(1, row.imageId());
		statement.setLong(2, row.scanId());
		statement.setString(3, finding.vulnerabilityId());
		statement.setString(4, finding.cve());
		statement.setString(5, finding.aliases().isEmpty() ? null : String.join(",", finding.aliases()));
		statement.setString(6, (finding.packageName() != null) ? finding.packageName() : "");
		statement.setString(7, (finding.packageVersion() != null) ? finding.packageVersion() : "");
		statement.setString(8, finding.packageType());
		statement.setString(9, finding.purl());
		statement.setString(10, finding.fixedVersion());
		statement.setString(11, finding.severity());
		bindCvss(statement, 12, finding.cvssV3());
		statement.setString(14, (finding.cvssV3() != null) ? finding.cvssV3().source() : null);
		bindCvss(statement, 15, finding.cvssV2());
		bindCvss(statement, 17, finding.cvssV4());
	}

	/** Score and vector; CVSS scores have one decimal, which is all the column keeps. */
	private static void bindCvss(PreparedStatement statement, int index, Cvss cvss) throws SQLException {
		if (cvss == null) {
			statement.setNull(index, Types.DECIMAL);
			statement.setNull(index + 1, Types.VARCHAR);
			return;
		}
		statement.setBigDecimal(index, BigDecimal.valueOf(Math.round(cvss.score() * 10), 1));
		statement.setString(index + 1, cvss.vector());
	}

	private record Row(long imageId, long scanId, Finding finding) {
	}

}
