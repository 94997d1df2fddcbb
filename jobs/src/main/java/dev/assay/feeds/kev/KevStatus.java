package dev.assay.feeds.kev;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.assay.StatusContributor;

import org.springframework.stereotype.Component;

/**
 * The KEV part of {@code assay status}: the last good catalog and how many entries left it.
 * JSON: {@code {"catalogVersion","dateReleased","entries","removed","fetchedAt","url"}}, or
 * {@code null} when no catalog was ever loaded. Times are ISO-8601 in UTC.
 */
@Component
public class KevStatus implements StatusContributor {

	private final KevStore store;

	KevStatus(KevStore store) {
		this.store = store;
	}

	@Override
	public String path() {
		return "feeds.kev";
	}

	@Override
	public Object status() {
		LoadedCatalog last = this.store.lastCatalog();
		if (last == null) {
			return null;
		}
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("catalogVersion", last.catalogVersion());
		status.put("dateReleased", (last.dateReleased() != null) ? last.dateReleased().toString() : null);
		status.put("entries", last.entries());
		status.put("removed", this.store.removedEntries());
		status.put("fetchedAt", last.fetchedAt().toString());
		status.put("url", last.url());
		return status;
	}

	@Override
	public String describe() {
		LoadedCatalog last = this.store.lastCatalog();
		if (last == null) {
			return "no KEV catalog loaded yet; run: assay run kev-ingest";
		}
		String released = (last.dateReleased() != null) ? " released " + last.dateReleased() : "";
		return "catalog " + last.shownVersion() + released + ", " + last.entries() + " entries, " + this.store.removedEntries() + " removed; fetched "
				+ last.fetchedAt() + " from " + last.url();
	}

}
