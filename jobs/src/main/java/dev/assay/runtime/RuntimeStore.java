package dev.assay.runtime;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.assay.scans.RunningImage;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The runtime tables ({@code V9__runtime.sql}). A cluster that answered has its running containers
 * replaced in one transaction of its own, written as a difference: rows of containers gone are
 * deleted, new or changed ones upserted, unchanged ones not touched, so a cluster that did not
 * change writes its {@code runtime_cluster} row only. A cluster that failed keeps its rows and is
 * marked stale with the error. Thread-safe; one reconcile at a time per database (the job runner
 * sees to it).
 */
@Repository
class RuntimeStore {

	private static final int BATCH = 2_000;

	private static final String CURRENT = """
			SELECT namespace, pod, container, image_ref, image_id, digest_known FROM runtime_container WHERE cluster = ?""";

	private static final String DELETE = """
			DELETE FROM runtime_container WHERE cluster = ? AND namespace = ? AND pod = ? AND container = ?""";

	private static final String UPSERT = """
			INSERT INTO runtime_container (cluster, namespace, pod, container, image_ref, image_id, digest_known)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON DUPLICATE KEY UPDATE image_ref = VALUES(image_ref), image_id = VALUES(image_id),
				digest_known = VALUES(digest_known)""";

	private static final String SUCCEEDED = """
			INSERT INTO runtime_cluster (name, source, last_attempt, last_success, stale, error, running_containers)
			VALUES (?, ?, ?, ?, FALSE, NULL, ?)
			ON DUPLICATE KEY UPDATE source = VALUES(source), last_attempt = VALUES(last_attempt),
				last_success = VALUES(last_success), stale = FALSE, error = NULL,
				running_containers = VALUES(running_containers)""";

	private static final String FAILED = """
			INSERT INTO runtime_cluster (name, source, last_attempt, last_success, stale, error, running_containers)
			VALUES (?, ?, ?, NULL, TRUE, ?, 0)
			ON DUPLICATE KEY UPDATE source = VALUES(source), last_attempt = VALUES(last_attempt), stale = TRUE,
				error = VALUES(error)""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate ownTransaction;

	RuntimeStore(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.ownTransaction = new TransactionTemplate(transactionManager);
		// A cluster's rows commit on their own, whatever happens to the clusters read after it.
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * Makes {@code containers} the cluster's running containers, in one transaction.
	 * @param imageIds the image id of every container's image
	 * @return how many rows were added, changed and removed
	 */
	Change replace(ClusterSource cluster, Instant snapshotTime, Collection<RunningContainer> containers,
			Map<RunningImage, Long> imageIds) {
		return this.ownTransaction.execute(status -> {
			Map<String, StoredRow> stored = new HashMap<>();
			this.jdbc.query(CURRENT, row -> {
				StoredRow current = new StoredRow(row.getString(1), row.getString(2), row.getString(3),
						row.getString(4), row.getLong(5), row.getBoolean(6));
				stored.put(current.key(), current);
			}, cluster.name());
			List<Object[]> upserts = new ArrayList<>();
			int added = 0;
			for (RunningContainer container : containers) {
				long imageId = imageIds.get(container.image());
				StoredRow before = stored.remove(container.key());
				if (before == null || before.imageId() != imageId || before.digestKnown() != container.digestKnown()
						|| !Objects.equals(before.imageRef(), container.imageRef())) {
					added += (before == null) ? 1 : 0;
					upserts.add(new Object[] { cluster.name(), container.namespace(), container.pod(),
							container.container(), container.imageRef(), imageId, container.digestKnown() });
				}
			}
			List<Object[]> deletes = stored.values()
				.stream()
				.map(gone -> new Object[] { cluster.name(), gone.namespace(), gone.pod(), gone.container() })
				.toList();
			batch(DELETE, deletes);
			batch(UPSERT, upserts);
			this.jdbc.update(SUCCEEDED, cluster.name(), cluster.kind(), now(), utc(snapshotTime), containers.size());
			return new Change(added, upserts.size() - added, deletes.size());
		});
	}

	/**
	 * Marks the cluster stale with the error; its rows stay as they were.
	 * @return the time of the snapshot it keeps, {@code null} when it never answered
	 */
	Instant failed(ClusterSource cluster, String error) {
		return this.ownTransaction.execute(status -> {
			this.jdbc.update(FAILED, cluster.name(), cluster.kind(), now(),
					(error.length() <= 2048) ? error : error.substring(0, 2048));
			return instant(this.jdbc.queryForObject("SELECT last_success FROM runtime_cluster WHERE name = ?",
					LocalDateTime.class, cluster.name()));
		});
	}

	/**
	 * Marks stale the clusters that have rows but were not read at all in this run (no longer
	 * configured, their folder gone), unless already marked so.
	 * @return their names
	 */
	List<String> forgotten(Collection<String> read, String error) {
		List<String> names = this.jdbc.queryForList("SELECT name FROM runtime_cluster ORDER BY name", String.class)
			.stream()
			.filter(name -> !read.contains(name))
			.toList();
		for (String name : names) {
			this.jdbc.update("UPDATE runtime_cluster SET stale = TRUE, error = ? WHERE name = ? AND NOT (stale AND error <=> ?)",
					error, name, error);
		}
		return names;
	}

	/** Every cluster's state, by name. */
	List<ClusterState> clusters() {
		return this.jdbc.query("""
				SELECT name, source, last_attempt, last_success, stale, error, running_containers
				FROM runtime_cluster ORDER BY name""", (rs, row) -> new ClusterState(rs.getString(1), rs.getString(2),
				instant(rs.getObject(3, LocalDateTime.class)), instant(rs.getObject(4, LocalDateTime.class)),
				rs.getBoolean(5), rs.getString(6), rs.getInt(7)));
	}

	private void batch(String sql, List<Object[]> rows) {
		for (int from = 0; from < rows.size(); from += BATCH) {
			this.jdbc.batchUpdate(sql, rows.subList(from, Math.min(rows.size(), from + BATCH)));
		}
	}

	private static LocalDateTime now() {
		return utc(Instant.now());
	}

	private static LocalDateTime utc(Instant instant) {
		return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
	}

	private static Instant instant(LocalDateTime utc) {
		return (utc != null) ? utc.toInstant(ZoneOffset.UTC) : null;
	}

	/** What one cluster's replacement wrote. */
	record Change(int added, int changed, int removed) {

		int rows() {
			return this.added + this.changed + this.removed;
		}

	}

	private record StoredRow(String namespace, String pod, String container, String imageRef, long imageId,
			boolean digestKnown) {

		String key() {
			return this.namespace + '\u0000' + this.pod + '\u0000' + this.container;
		}

	}

}
