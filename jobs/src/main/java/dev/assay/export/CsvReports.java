package dev.assay.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Writes {@code images.csv} and {@code image-cves.csv} (RFC 4180, UTF-8, header row) straight from
 * one forward-only result set each, row by row, so memory stays flat however many rows there are.
 * The {@link NamedParameterJdbcTemplate} given must stream (a fetch size set) and run inside the
 * export's transaction.
 */
final class CsvReports {

	/** The first five columns are those of the exception CSV, which takes this file back. */
	static final String[] IMAGE_CVES_HEADER = { "Registry", "Repository", "Tags", "Digest", "Result", "CVE", "CVSS",
			"Severity", "EPSS", "EPSS Percentile", "KEV", "KEV Date Added", "KEV Due Date", "Ransomware", "Package",
			"Installed Version", "Fixed Version", "Excepted", "Justification", "Clusters", "Running Instances" };

	static final String[] IMAGES_HEADER = { "Registry", "Repository", "Tags", "Digest", "Result", "Max CVSS",
			"Critical", "High", "Medium", "Low", "None", "Max EPSS", "KEV", "Clusters", "Running Instances",
			"Last Scanned", "CVEs" };

	private final NamedParameterJdbcTemplate db;

	private final Map<String, Object> parameters;

	CsvReports(NamedParameterJdbcTemplate db, Map<String, Object> parameters) {
		this.db = db;
		this.parameters = parameters;
	}

	void imageCves(String sql, ReportFile file) throws IOException {
		CSVPrinter csv = printer(file, IMAGE_CVES_HEADER);
		TagCells tags = new TagCells();
		this.db.query(sql, this.parameters, (RowCallbackHandler) rs -> {
			boolean kev = rs.getBoolean("kev");
			String justification = rs.getString("justification");
			print(csv, CsvCells.text(rs.getString("registry")), CsvCells.text(rs.getString("repository")),
					tags.of(rs.getString("tags")), CsvCells.text(rs.getString("digest")), rs.getString("result"),
					CsvCells.text(rs.getString("cve")), CsvCells.score(rs.getBigDecimal("cvss3_score")),
					Severity.of(rs.getBigDecimal("cvss3_score")),
					CsvCells.decimal(rs.getObject("epss", Double.class)),
					CsvCells.decimal(rs.getObject("percentile", Double.class)), kev ? "true" : "false",
					CsvCells.date(rs.getDate("date_added")), CsvCells.date(rs.getDate("due_date")),
					CsvCells.text(rs.getString("known_ransomware_campaign_use")),
					CsvCells.text(rs.getString("package_name")), CsvCells.text(rs.getString("package_version")),
					CsvCells.text(rs.getString("fixed_version")), (justification != null) ? "true" : "false",
					CsvCells.text(justification), runtime(rs, "clusters"), runtime(rs, "running_instances"));
			file.row();
		});
		csv.flush();
	}

	void images(String sql, ReportFile file) throws IOException {
		CSVPrinter csv = printer(file, IMAGES_HEADER);
		this.db.query(sql, this.parameters, (RowCallbackHandler) rs -> {
			print(csv, CsvCells.text(rs.getString("registry")), CsvCells.text(rs.getString("repository")),
					CsvCells.tags(rs.getString("tags")), CsvCells.text(rs.getString("digest")), rs.getString("result"),
					CsvCells.score(rs.getBigDecimal("max_cvss")), CsvCells.number(rs.getInt("critical")),
					CsvCells.number(rs.getInt("high")), CsvCells.number(rs.getInt("medium")),
					CsvCells.number(rs.getInt("low")), CsvCells.number(rs.getInt("none")),
					CsvCells.decimal(rs.getObject("max_epss", Double.class)), CsvCells.number(rs.getInt("kev_count")),
					runtime(rs, "clusters"), runtime(rs, "running_instances"),
					CsvCells.time(rs.getTimestamp("last_scanned")), CsvCells.text(rs.getString("cves")));
			file.row();
		});
		csv.flush();
	}

	/** An image that runs nowhere has no runtime row: 0 clusters, 0 instances. */
	private static String runtime(ResultSet rs, String column) throws SQLException {
		return Long.toString(rs.getLong(column));
	}

	private static CSVPrinter printer(ReportFile file, String[] header) throws IOException {
		return new CSVPrinter(file.writer(), CSVFormat.RFC4180.builder().setHeader(header).get());
	}

	private static void print(CSVPrinter csv, Object... cells) {
		try {
			csv.printRecord(cells);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The rows of one image come together, so its tags are formatted once. */
	private static final class TagCells {

		private String raw;

		private String cell = "";

		String of(String tags) {
			if (!Objects.equals(tags, this.raw)) {
				this.raw = tags;
				this.cell = CsvCells.tags(tags);
			}
			return this.cell;
		}

	}

}
