package dev.assay.feeds.kev;

import org.springframework.stereotype.Component;

/**
 * The KEV catalog as other packages see it: which catalog is current. The entries themselves are
 * read through the {@code kev_known_exploited} view, the package's published read model.
 */
@Component
public class KevFeed {

	private final KevStore store;

	KevFeed(KevStore store) {
		this.store = store;
	}

	/**
	 * The id of the current catalog, {@code null} before the first load. Every catalog loaded gets a
	 * new id, so a changed id tells a reader of {@code kev_known_exploited} that entries may have
	 * come or gone.
	 */
	public Long catalogId() {
		return this.store.lastCatalogId();
	}

}
