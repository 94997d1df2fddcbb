package dev.assay.assessment;

import java.time.LocalDateTime;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one {@link Assessment#assessIfStale} did.
 *
 * @param ran {@code false} when nothing had changed, so nothing was assessed
 * @param reasons what had changed since the previous assessment; {@link Reason#NEW_SCAN} alone for
 * the first
 * @param images how many images were assessed
 * @param results how many of them got each result, every result present
 * @param changes how many results changed, first results included
 * @param removed how many results were dropped because their image no longer exists
 * @param assessedAt when this assessment ran (UTC); when nothing had changed, the previous one
 */
public record AssessmentRun(boolean ran, Set<Reason> reasons, int images, Map<Result, Integer> results,
		int changes, int removed, LocalDateTime assessedAt) {

	static AssessmentRun nothingChanged(LocalDateTime lastAssessedAt) {
		return new AssessmentRun(false, Set.of(), 0, Map.of(), 0, 0, lastAssessedAt);
	}

	/** One line for the job summary. */
	public String summary() {
		if (!this.ran) {
			return "Nothing changed since the assessment of " + this.assessedAt
					+ " (same thresholds, exceptions, feeds and scans); no image assessed";
		}
		if (this.reasons.isEmpty() && this.images == 0) {
			return "Dropped the results of " + this.removed + " images no longer present; no image assessed";
		}
		String results = this.results.entrySet()
			.stream()
			.map(entry -> entry.getValue() + " " + entry.getKey())
			.collect(Collectors.joining(", "));
		// No reason with images assessed: a forced run, with nothing changed.
		String why = this.reasons.isEmpty() ? "force=true"
				: this.reasons.stream().map(Reason::name).collect(Collectors.joining(", "));
		return "Assessed " + this.images + " images because of " + why + ": " + results + "; "
				+ this.changes + " results changed"
				+ ((this.removed > 0) ? "; dropped the results of " + this.removed + " images no longer present" : "");
	}

}
