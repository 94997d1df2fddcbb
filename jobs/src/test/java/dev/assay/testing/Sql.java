package dev.assay.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Plain JDBC reads of a test database, for assertions on what landed. */
public final class Sql {

	private final String url;

	public Sql(String url) {
		this.url = url;
	}

	public Connection connect() throws SQLException {
		return DriverManager.getConnection(this.url, "root", "");
	}

	/** The first column of the first row, {@code null} when there is none. */
	public Object value(String sql) {
		List<List<Object>> rows = rows(sql);
		return rows.isEmpty() ? null : rows.get(0).get(0);
	}

	public long count(String sql) {
		Object value = value(sql);
		return (value != null) ? ((Number) value).longValue() : 0;
	}

	public List<List<Object>> rows(String sql) {
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			List<List<Object>> rows = new ArrayList<>();
			int columns = result.getMetaData().getColumnCount();
			while (result.next()) {
				List<Object> row = new ArrayList<>();
				for (int i = 1; i <= columns; i++) {
					row.add(result.getObject(i));
				}
				rows.add(row);
			}
			return rows;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
		}
	}

	public void execute(String sql) {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Runs one statement with its values on the connection.
	 * @return the generated key of the row it inserted, 0 where there is none
	 */
	public static long insert(Connection connection, String sql, Object... values) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
			for (int i = 0; i < values.length; i++) {
				statement.setObject(i + 1, values[i]);
			}
			statement.executeUpdate();
			try (ResultSet keys = statement.getGeneratedKeys()) {
				return keys.next() ? keys.getLong(1) : 0;
			}
		}
	}

}
