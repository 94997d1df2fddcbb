package dev.assay.feeds.epss;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.assay.testing.Cli;
import dev.assay.testing.EpssFiles;
import dev.assay.testing.Sql;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads what epss-ingest left in a test database, straight from the tables and the published
 * view, and what {@code assay status --json} says of it, for comparison with what a test computed
 * from its files.
 */
final class EpssDatabase {

	private final Cli cli;

	private final Sql sql;

	EpssDatabase(Cli cli) {
		this.cli = cli;
		this.sql = new Sql(cli.jdbcUrl());
	}

	/** Every row of {@code epss_current}, by CVE. */
	Map<String, Score> scores() {
		Map<String, Score> scores = new TreeMap<>();
		for (List<Object> row : this.sql.rows("SELECT cve, epss, percentile, previous_epss, previous_percentile,"
				+ " CAST(changed_on AS CHAR) FROM epss_current")) {
			scores.put((String) row.get(0), new Score((Double) row.get(1), (Double) row.get(2), (Double) row.get(3),
					(Double) row.get(4), (String) row.get(5)));
		}
		return scores;
	}

	/** Everything a run that fails or does nothing must leave as it was. */
	State state() {
		return new State(
				this.sql.rows("SELECT COUNT(*), SUM(epss), SUM(percentile), BIT_XOR(CRC32(CONCAT_WS('|', cve, epss,"
						+ " percentile, IFNULL(previous_epss, '-'), IFNULL(previous_percentile, '-'),"
						+ " IFNULL(changed_on, '-')))) FROM epss_current"),
				this.sql.rows("SELECT MIN(snapshot_id), MAX(snapshot_id) FROM epss_score"),
				this.sql.rows("SELECT * FROM epss_snapshot ORDER BY id"), this.sql.rows("SHOW TABLES LIKE 'epss%'"),
				status());
	}

	/** The {@code feeds.epss} object of {@code assay status --json}. */
	JsonNode status() {
		Cli.Result result = this.cli.run("status", "--json");
		assertThat(result.exitCode()).as(result.err()).isZero();
		return JsonMapper.shared().readTree(result.out()).get("feeds").get("epss");
	}

	long count(String query) {
		return this.sql.count(query);
	}

	List<List<Object>> rows(String query) {
		return this.sql.rows(query);
	}

	void execute(String statement) {
		this.sql.execute(statement);
	}

	/** One row of {@code epss_current}; the previous values and change date are {@code null} until a move. */
	record Score(double epss, double percentile, Double previousEpss, Double previousPercentile, String changedOn) {

		/** Row {@code i} of a file written with {@code seed}, as first loaded: no previous score. */
		static Score of(int i, long seed) {
			return new Score(EpssFiles.epss(i, seed), EpssFiles.percentile(i, seed), null, null, null);
		}

		/**
		 * This score after a snapshot of {@code scoreDate} that gives row {@code i} of {@code seed}:
		 * where the score or percentile moved, the old ones become the previous ones, dated; where
		 * neither moved, the score keeps its history.
		 */
		Score then(int i, long seed, String scoreDate) {
			return then(EpssFiles.epss(i, seed), EpssFiles.percentile(i, seed), scoreDate);
		}

		/** This score after a snapshot of {@code scoreDate} that gives the CVE these values. */
		Score then(double nextEpss, double nextPercentile, String scoreDate) {
			if (nextEpss == this.epss && nextPercentile == this.percentile) {
				return this;
			}
			return new Score(nextEpss, nextPercentile, this.epss, this.percentile, scoreDate);
		}

	}

	/**
	 * @param scores count, sums and a checksum of every row of {@code epss_current}
	 * @param snapshotIds the lowest and highest snapshot id of the score rows
	 * @param snapshots every row of {@code epss_snapshot}
	 * @param tables the EPSS tables and views
	 * @param status the {@code feeds.epss} object of {@code status --json}
	 */
	record State(List<List<Object>> scores, List<List<Object>> snapshotIds, List<List<Object>> snapshots,
			List<List<Object>> tables, JsonNode status) {
	}

}
