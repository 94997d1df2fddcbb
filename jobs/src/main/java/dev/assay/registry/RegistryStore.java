package dev.assay.registry;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The registry tables ({@code V8__registry.sql}): the digests each registry served at its last
 * discovery, when assay last scanned each, and the last discovery of each registry. Written in
 * JDBC batches; every call commits on its own (auto-commit), so a scan's outcome is kept as soon
 * as it is known. Thread-safe.
 */
@Repository
class RegistryStore implements ScanOutcomes {

	private static final String SEEN = """
			INSERT INTO registry_image (registry_name, repository, digest, host, tags, first_seen, last_seen)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON DUPLICATE KEY UPDATE host = VALUES(host), tags = VALUES(tags), last_seen = VALUES(last_seen)""";

	private static final String RAN = """
			INSERT INTO registry_run (registry_name, url, last_run, repositories, tags, error)
			VALUES (?, ?, ?, ?, ?, ?)
			ON DUPLICATE KEY UPDATE url = VALUES(url), last_run = VALUES(last_run), repositories = VALUES(repositories),
				tags = VALUES(tags), error = VALUES(error)""";

	private final JdbcTemplate jdbc;

	RegistryStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records the images a discovery found, and takes the tags from the registry's images it no
	 * longer serves: their tags moved or were deleted.
	 * @return how many of the digests were new to this registry
	 */
	int seen(RegistrySettings registry, List<DiscoveredImage> images, LocalDateTime now) {
		this.jdbc.batchUpdate(SEEN, images, 500, (statement, image) -> {
			statement.setString(1, registry.name());
			statement.setString(2, image.repository());
			statement.setString(3, image.digest());
			statement.setString(4, registry.host());
			statement.setString(5, String.join(",", image.tags()));
			statement.setObject(6, now);
			statement.setObject(7, now);
		});
		this.jdbc.update("UPDATE registry_image SET tags = '' WHERE registry_name = ? AND last_seen < ? AND tags <> ''",
				registry.name(), now);
		Integer added = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM registry_image WHERE registry_name = ? AND first_seen = ?", Integer.class,
				registry.name(), now);
		return (added != null) ? added : 0;
	}

	/** Records one discovery of a registry; {@code error} is {@code null} when it could be read. */
	void ran(RegistrySettings registry, LocalDateTime now, int repositories, int tags, String error) {
		this.jdbc.update(RAN, registry.name(), registry.shownUrl(), now, repositories, tags,
				(error == null || error.length() <= 1024) ? error : error.substring(0, 1021) + "...");
	}

	/**
	 * The images the registries served at the discovery at {@code seenAt}, each with its scan state.
	 * Or later: the shards of one rescan run side by side, each discovering, and a later discovery
	 * moves {@code last_seen} of the images an earlier one saw.
	 */
	List<TrackedImage> seenAt(List<String> registries, LocalDateTime seenAt) {
		if (registries.isEmpty()) {
			return List.of();
		}
		String names = String.join(", ", registries.stream().map(name -> "?").toList());
		Object[] args = new Object[registries.size() + 1];
		for (int i = 0; i < registries.size(); i++) {
			args[i] = registries.get(i);
		}
		args[registries.size()] = seenAt;
		return this.jdbc.query("""
				SELECT registry_name, host, repository, digest, tags, last_scanned, failures, last_failed
				FROM registry_image WHERE registry_name IN (%s) AND last_seen >= ?
				ORDER BY registry_name, repository, digest""".formatted(names),
				(rs, row) -> new TrackedImage(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
						rs.getString(5).isEmpty() ? List.of() : List.of(rs.getString(5).split(",")),
						rs.getObject(6, LocalDateTime.class), rs.getInt(7), rs.getObject(8, LocalDateTime.class)),
				args);
	}

	@Override
	public void scanned(TrackedImage image, LocalDateTime now) {
		this.jdbc.update("""
				UPDATE registry_image SET last_scanned = ?, failures = 0, failure = NULL
				WHERE registry_name = ? AND repository = ? AND digest = ?""", now, image.registry(), image.repository(),
				image.digest());
	}

	@Override
	public void failed(TrackedImage image, LocalDateTime now, String reason) {
		this.jdbc.update("""
				UPDATE registry_image SET failures = failures + 1, last_failed = ?, failure = ?
				WHERE registry_name = ? AND repository = ? AND digest = ?""", now,
				(reason.length() <= 1024) ? reason : reason.substring(0, 1021) + "...", image.registry(),
				image.repository(), image.digest());
	}

	/** Per registry name: its last discovery and the state of the images it then served. */
	List<Map<String, Object>> status() {
		return this.jdbc.queryForList("""
				SELECT r.registry_name, r.url, r.last_run, r.repositories, r.tags, r.error,
					(SELECT COUNT(*) FROM registry_image i
						WHERE i.registry_name = r.registry_name AND i.last_seen = r.last_run) AS images,
					(SELECT COUNT(*) FROM registry_image i
						WHERE i.registry_name = r.registry_name AND i.last_seen = r.last_run AND i.failures > 0) AS failures
				FROM registry_run r ORDER BY r.registry_name""");
	}

}
