package dev.assay.feeds.epss;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.assay.StatusContributor;

import org.springframework.stereotype.Component;

/**
 * The EPSS feed as the rest of assay sees it: the current snapshot for {@code assay status}, and
 * its id for readers that must notice a new one.
 * Scores themselves are read through the {@code epss_current} view (cve, epss, percentile,
 * previous_epss, previous_percentile, changed_on), the package's published read model.
 */
@Component
public class EpssFeed implements StatusContributor {

	private final EpssStore store;

	EpssFeed(EpssStore store) {
		this.store = store;
	}

	/**
	 * The id of the current snapshot, {@code null} before the first load. Every load makes a new id,
	 * so a changed id tells a reader of {@code epss_current} that the scores may have moved.
	 */
	public Long snapshotId() {
		return this.store.currentSnapshotId();
	}

	@Override
	public String path() {
		return "feeds.epss";
	}

	@Override
	public Object status() {
		return this.store.current().map(EpssFeed::json).orElse(null);
	}

	@Override
	public String describe() {
		return this.store.current()
			.map(s -> String.format("model %s, scores of %s, %d CVEs, fetched %s from %s", s.modelVersion(),
					s.scoreDate(), s.rows(), s.fetchedAt(), s.url()))
			.orElse("never loaded (run: assay run epss-ingest)");
	}

	private static Map<String, Object> json(EpssSnapshot snapshot) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("modelVersion", snapshot.modelVersion());
		json.put("scoreDate", snapshot.scoreDate().toString());
		json.put("rows", snapshot.rows());
		json.put("fetchedAt", snapshot.fetchedAt().toString());
		json.put("url", snapshot.url());
		json.put("sha256", snapshot.sha256());
		return json;
	}

}
