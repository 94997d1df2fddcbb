package dev.assay.db;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks a JDBC URL and adds the connection options that assay's bulk paths rely on.
 */
final class JdbcUrls {

	/**
	 * Batched statements are sent as one multi-row statement (about 6x faster here), and
	 * {@code LOAD DATA LOCAL INFILE} is allowed for the feed loads.
	 */
	private static final Map<String, String> BULK_OPTIONS = new LinkedHashMap<>();

	static {
		BULK_OPTIONS.put("rewriteBatchedStatements", "true");
		BULK_OPTIONS.put("allowLocalInfile", "true");
	}

	private JdbcUrls() {
	}

	static String withBulkOptions(String url) {
		if (!url.startsWith("jdbc:mariadb:")) {
			throw new IllegalArgumentException("spring.datasource.url must name a MariaDB server"
					+ " (jdbc:mariadb://host:3306/assay); assay runs on MariaDB only. Got: " + redact(url));
		}
		StringBuilder result = new StringBuilder(url);
		String query = url.contains("?") ? url.substring(url.indexOf('?') + 1) : "";
		char separator = url.contains("?") ? '&' : '?';
		for (Map.Entry<String, String> option : BULK_OPTIONS.entrySet()) {
			if (!query.contains(option.getKey() + "=")) {
				result.append(separator).append(option.getKey()).append('=').append(option.getValue());
				separator = '&';
			}
		}
		return result.toString();
	}

	/** The URL without its options, which may carry a password. */
	static String redact(String url) {
		int query = url.indexOf('?');
		return (query < 0) ? url : url.substring(0, query) + "?...";
	}

}
