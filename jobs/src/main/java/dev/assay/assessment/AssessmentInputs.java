package dev.assay.assessment;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What results are computed from besides the scans: thresholds, exceptions in force and feed
 * snapshots. Each assessment stores the inputs it used; when any has changed since, every image
 * is assessed again.
 *
 * @param warnThreshold the warn threshold, one decimal
 * @param failThreshold the fail threshold, one decimal
 * @param exceptionsHash hex SHA-256 over the exceptions in force
 * @param epssSnapshot the current EPSS snapshot, {@code null} when none was loaded
 * @param kevCatalog the current KEV catalog, {@code null} when none was loaded
 */
record AssessmentInputs(BigDecimal warnThreshold, BigDecimal failThreshold, String exceptionsHash, Long epssSnapshot,
		Long kevCatalog) {

	/** What changed since {@code previous}; empty when nothing did. */
	Set<Reason> changesSince(AssessmentInputs previous) {
		Set<Reason> changes = EnumSet.noneOf(Reason.class);
		if (this.warnThreshold.compareTo(previous.warnThreshold) != 0
				|| this.failThreshold.compareTo(previous.failThreshold) != 0) {
			changes.add(Reason.THRESHOLDS);
		}
		if (!this.exceptionsHash.equals(previous.exceptionsHash)) {
			changes.add(Reason.EXCEPTIONS);
		}
		if (!Objects.equals(this.epssSnapshot, previous.epssSnapshot)
				|| !Objects.equals(this.kevCatalog, previous.kevCatalog)) {
			changes.add(Reason.FEEDS);
		}
		return changes;
	}

}
