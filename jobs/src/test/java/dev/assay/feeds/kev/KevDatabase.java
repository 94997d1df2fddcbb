package dev.assay.feeds.kev;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads what kev-ingest left in a test database, straight from the tables and the view, for
 * comparison with what the test computed from the catalog files.
 */
final class KevDatabase {

	private final String jdbcUrl;

	KevDatabase(String jdbcUrl) {
		this.jdbcUrl = jdbcUrl;
	}

	/** The entries in the current catalog by CVE, as {@link KevFiles#entries} gives them from a file. */
	Map<String, Map<String, String>> currentEntries() throws SQLException {
		Map<String, Map<String, String>> entries = new TreeMap<>();
		query("""
				SELECT cve, vendor_project, product, vulnerability_name, date_added, short_description, required_action,
					due_date, known_ransomware_campaign_use, notes, cwes
				FROM kev_entry WHERE removed_catalog_id IS NULL""", rs -> {
			Map<String, String> fields = new LinkedHashMap<>();
			for (int i = 0; i < KevFiles.FIELDS.size(); i++) {
				fields.put(KevFiles.FIELDS.get(i), rs.getString(i + 2));
			}
			entries.put(rs.getString(1), fields);
		});
		return entries;
	}

	/** The CVEs marked removed. */
	Set<String> removed() throws SQLException {
		Set<String> cves = new TreeSet<>();
		query("SELECT cve FROM kev_entry WHERE removed_catalog_id IS NOT NULL", rs -> cves.add(rs.getString(1)));
		return cves;
	}

	/** The CVEs of the published read model. */
	Set<String> knownExploited() throws SQLException {
		Set<String> cves = new TreeSet<>();
		query("SELECT cve FROM kev_known_exploited", rs -> cves.add(rs.getString(1)));
		return cves;
	}

	/** The catalog version that dropped each removed entry. */
	Map<String, String> removedBy() throws SQLException {
		Map<String, String> versions = new TreeMap<>();
		query("""
				SELECT e.cve, c.catalog_version FROM kev_entry e JOIN kev_catalog c ON c.id = e.removed_catalog_id""",
				rs -> versions.put(rs.getString(1), rs.getString(2)));
		return versions;
	}

	/** Every row of both tables, for checking that a failed run changed nothing. */
	String snapshot() throws SQLException {
		StringBuilder rows = new StringBuilder();
		query("SELECT * FROM kev_catalog ORDER BY id", rs -> appendRow(rs, rows));
		query("SELECT * FROM kev_entry ORDER BY cve", rs -> appendRow(rs, rows));
		return rows.toString();
	}

	int count(String sql) throws SQLException {
		int[] count = new int[1];
		query(sql, rs -> count[0] = rs.getInt(1));
		return count[0];
	}

	void execute(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.jdbcUrl, "root", "")) {
			connection.createStatement().execute(sql);
		}
	}

	private static void appendRow(ResultSet rs, StringBuilder rows) throws SQLException {
		for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
			rows.append(rs.getString(i)).append('|');
		}
		rows.append('\n');
	}

	private void query(String sql, Row row) throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.jdbcUrl, "root", "");
				ResultSet rs = connection.createStatement().executeQuery(sql)) {
			while (rs.next()) {
				row.read(rs);
			}
		}
	}

	private interface Row {

		void read(ResultSet rs) throws SQLException;

	}

}
