package dev.assay.registry;

import java.time.LocalDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.assay.scans.ImageReference;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The failed scans of queued running images ({@code V14__running_image_scan.sql}), for the retry
 * back-off. A successful scan deletes the image's row: the image then has a scan and leaves the
 * queue. Every call commits on its own; thread-safe.
 */
@Repository
class RunningImageScanStore implements ScanOutcomes {

	private static final String FAILED = """
			INSERT INTO running_image_scan (registry, repository, digest, failures, last_failed, failure)
			VALUES (?, ?, ?, 1, ?, ?)
			ON DUPLICATE KEY UPDATE failures = failures + 1, last_failed = VALUES(last_failed),
				failure = VALUES(failure)""";

	private final JdbcTemplate jdbc;

	RunningImageScanStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Per image reference ({@code registry/repository@digest}, no tag): its failed scans in a row. */
	Map<ImageReference, Failures> failures() {
		Map<ImageReference, Failures> failures = new HashMap<>();
		this.jdbc.query("SELECT registry, repository, digest, failures, last_failed FROM running_image_scan",
				row -> {
					failures.put(new ImageReference(row.getString(1), row.getString(2), null, row.getString(3)),
							new Failures(row.getInt(4), row.getObject(5, LocalDateTime.class)));
				});
		return failures;
	}

	/** Forgets the failures of images that left the queue. */
	void forget(Collection<ImageReference> images) {
		this.jdbc.batchUpdate("DELETE FROM running_image_scan WHERE registry = ? AND repository = ? AND digest = ?",
				List.copyOf(images), 500, (statement, image) -> {
					statement.setString(1, image.registry());
					statement.setString(2, image.repository());
					statement.setString(3, image.digest());
				});
	}

	@Override
	public void scanned(TrackedImage image, LocalDateTime now) {
		this.jdbc.update("DELETE FROM running_image_scan WHERE registry = ? AND repository = ? AND digest = ?",
				image.host(), image.repository(), image.digest());
	}

	@Override
	public void failed(TrackedImage image, LocalDateTime now, String reason) {
		this.jdbc.update(FAILED, image.host(), image.repository(), image.digest(), now,
				(reason.length() <= 1024) ? reason : reason.substring(0, 1021) + "...");
	}

	/** Failed scans since the image was queued, and when the last one failed. */
	record Failures(int count, LocalDateTime last) {
	}

}
