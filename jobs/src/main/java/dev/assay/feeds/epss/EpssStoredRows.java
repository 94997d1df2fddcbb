package dev.assay.feeds.epss;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import javax.sql.DataSource;

/**
 * The rows of the current snapshot, in columns, in the order of the {@code epss_score} key: what
 * a load merges the new rows with. A previous score or percentile that is NULL is held as NaN,
 * which a DOUBLE column cannot store.
 */
final class EpssStoredRows {

	private final CveIds cves;

	private final double[] epss;

	private final double[] percentiles;

	private final double[] previousEpss;

	private final double[] previousPercentiles;

	private final String[] changedOn;

	private EpssStoredRows(CveIds cves, double[] epss, double[] percentiles, double[] previousEpss,
			double[] previousPercentiles, String[] changedOn) {
		this.cves = cves;
		this.epss = epss;
		this.percentiles = percentiles;
		this.previousEpss = previousEpss;
		this.previousPercentiles = previousPercentiles;
		this.changedOn = changedOn;
	}

	/** Reads every row of {@code epss_score}, streaming them from the server. */
	static EpssStoredRows read(DataSource dataSource) throws SQLException {
		int capacity = 1 << 18;
		CveIds cves = new CveIds(capacity);
		double[] epss = new double[capacity];
		double[] percentiles = new double[capacity];
		double[] previousEpss = new double[capacity];
		double[] previousPercentiles = new double[capacity];
		String[] changedOn = new String[capacity];
		// Every score moved on one of few dates: one string each, not one per row, for the collector.
		Map<String, String> dates = new HashMap<>();
		int size = 0;
		try (Connection connection = dataSource.getConnection();
				PreparedStatement select = binaryProtocol(connection, "SELECT cve, epss, percentile, previous_epss,"
						+ " previous_percentile, changed_on FROM epss_score ORDER BY cve")) {
			// A fetch size makes the driver stream the rows instead of holding them all twice.
			select.setFetchSize(10_000);
			try (ResultSet rows = select.executeQuery()) {
				while (rows.next()) {
					if (size == capacity) {
						capacity = size * 2;
						epss = Arrays.copyOf(epss, capacity);
						percentiles = Arrays.copyOf(percentiles, capacity);
						previousEpss = Arrays.copyOf(previousEpss, capacity);
						previousPercentiles = Arrays.copyOf(previousPercentiles, capacity);
						changedOn = Arrays.copyOf(changedOn, capacity);
					}
					cves.add(rows.getString(1));
					epss[size] = rows.getDouble(2);
					percentiles[size] = rows.getDouble(3);
					previousEpss[size] = nullable(rows, 4);
					previousPercentiles[size] = nullable(rows, 5);
					String date = rows.getString(6);
					changedOn[size] = (date != null) ? dates.computeIfAbsent(date, Function.identity()) : null;
					size++;
				}
			}
		}
		return new EpssStoredRows(cves, epss, percentiles, previousEpss, previousPercentiles, changedOn);
	}

	/**
	 * A statement whose rows come in MariaDB's binary protocol: the server sends each DOUBLE as its
	 * eight bytes instead of formatting it as text, which made this read five times slower (text is
	 * what the pool's statements use, as the driver does by default).
	 */
	private static PreparedStatement binaryProtocol(Connection connection, String sql) throws SQLException {
		return connection.unwrap(org.mariadb.jdbc.Connection.class)
			.prepareInternal(sql, Statement.NO_GENERATED_KEYS, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY,
					true);
	}

	private static double nullable(ResultSet rows, int column) throws SQLException {
		double value = rows.getDouble(column);
		return rows.wasNull() ? Double.NaN : value;
	}

	int size() {
		return this.cves.size();
	}

	/** Where id {@code i} of {@code ids} is or would be: the index of the first stored CVE that is not less. */
	int indexOf(CveIds ids, int i) {
		int low = 0;
		int high = this.cves.size();
		while (low < high) {
			int middle = (low + high) >>> 1;
			if (this.cves.compare(middle, ids, i) < 0) {
				low = middle + 1;
			}
			else {
				high = middle;
			}
		}
		return low;
	}

	CveIds cves() {
		return this.cves;
	}

	double epss(int i) {
		return this.epss[i];
	}

	double percentile(int i) {
		return this.percentiles[i];
	}

	/** NaN when there is none. */
	double previousEpss(int i) {
		return this.previousEpss[i];
	}

	/** NaN when there is none. */
	double previousPercentile(int i) {
		return this.previousPercentiles[i];
	}

	/** The score date of the last move, such as {@code 2025-09-07}; {@code null} when there is none. */
	String changedOn(int i) {
		return this.changedOn[i];
	}

}
