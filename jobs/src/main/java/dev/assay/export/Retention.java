package dev.assay.export;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Prunes old report sets: beyond the newest {@code assay.export.keep}, and those older than
 * {@code assay.export.max-age}. Never the set just written, nor the one {@code latest} points at.
 */
final class Retention {

	private final int keep;

	private final Duration maxAge;

	Retention(ExportProperties properties) {
		this.keep = properties.keep();
		this.maxAge = properties.maxAge();
	}

	/** Deletes the sets retention no longer keeps; returns their names. */
	List<String> prune(ReportSets sets, String written, Instant now) throws IOException {
		Optional<String> latest = sets.latest();
		List<String> pruned = new ArrayList<>();
		List<String> all = sets.sets();
		for (int i = 0; i < all.size(); i++) {
			String name = all.get(i);
			if (name.equals(written) || latest.map(name::equals).orElse(false)) {
				continue;
			}
			boolean beyondKeep = this.keep > 0 && i >= this.keep;
			boolean tooOld = this.maxAge != null && ReportSets.startOf(name).isBefore(now.minus(this.maxAge));
			if (beyondKeep || tooOld) {
				sets.delete(name);
				pruned.add(name);
			}
		}
		return pruned;
	}

}
