package dev.assay.runtime;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the runtime view says about images, for other packages: where one image runs, and which
 * running images are waiting for a scan. Reads the runtime tables of the last reconcile (stale
 * clusters included); read-only and thread-safe.
 */
@Component
public class RunningImages {

	private final JdbcClient db;

	RunningImages(JdbcClient db) {
		this.db = db;
	}

	/** Where the image runs: its clusters, its running instances and each of them, sorted. */
	public ImageRuntime of(long imageId) {
		List<ImageRuntime.Instance> instances = this.db.sql("""
				SELECT cluster, namespace, pod, container FROM runtime_container WHERE image_id = ?
				ORDER BY cluster, namespace, pod, container""")
			.param(imageId)
			.query((rs, row) -> new ImageRuntime.Instance(rs.getString(1), rs.getString(2), rs.getString(3),
					rs.getString(4)))
			.list();
		long clusters = instances.stream().map(ImageRuntime.Instance::cluster).distinct().count();
		return new ImageRuntime((int) clusters, instances.size(), instances);
	}

	/**
	 * The running images never scanned whose repository digest is known, as references a scanner
	 * can pull ({@code registry/repository@sha256:...}), sorted: the queue for the next rescan.
	 * An image whose scans all failed is still in it (it is retried after a back-off). Running
	 * images known only by a config id or a tag are left out: no registry serves them by that.
	 */
	public List<String> unscannedDigestReferences() {
		return this.db.sql("""
				SELECT DISTINCT CONCAT(IF(i.registry = '', '', CONCAT(i.registry, '/')), i.repository, '@', i.digest) AS ref
				FROM image i
				WHERE i.current_scan_id IS NULL AND i.digest_kind = 'REPOSITORY'
					AND EXISTS (SELECT 1 FROM runtime_container c WHERE c.image_id = i.id AND c.digest_known)
				ORDER BY ref""")
			.query(String.class)
			.list();
	}

}
