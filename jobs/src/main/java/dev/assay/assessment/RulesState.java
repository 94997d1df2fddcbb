package dev.assay.assessment;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an assessment is computed from: the thresholds, the exceptions in force, the feed
 * snapshots, and how far image changes have been taken in.
 *
 * @param assessedUntil the newest {@code image.changed_at} taken in, {@code null} before any image
 */
record RulesState(BigDecimal warn, BigDecimal fail, String exceptionsHash, Long epssSnapshot, Long kevCatalog,
		Timestamp assessedUntil) {

	/** Which of the rules differ from {@code before}, as result-change reasons; empty when none. */
	List<String> changesSince(RulesState before) {
		List<String> reasons = new ArrayList<>();
		if (before.warn.compareTo(this.warn) != 0 || before.fail.compareTo(this.fail) != 0) {
			reasons.add("THRESHOLDS");
		}
		if (!before.exceptionsHash.equals(this.exceptionsHash)) {
			reasons.add("EXCEPTIONS");
		}
		if (!Objects.equals(before.epssSnapshot, this.epssSnapshot)
				|| !Objects.equals(before.kevCatalog, this.kevCatalog)) {
			reasons.add("FEEDS");
		}
		return reasons;
	}

}
