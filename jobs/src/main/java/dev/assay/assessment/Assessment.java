package dev.assay.assessment;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.assay.feeds.epss.EpssFeed;
import dev.assay.feeds.kev.KevStatus;

import org.springframework.stereotype.Component;

/**
 * Judges images: the way other packages and jobs get results that are never computed with stale
 * rules. {@link #assessIfStale()} does nothing when thresholds, exceptions in force, feeds and
 * images are all as they were at the last assessment; re-assesses every image when a rule or feed
 * changed; and otherwise only the images that changed (new scans) or were never assessed.
 * <p>
 * Rules (DESIGN.md): an image's max CVSS is the highest v3 score among its current findings that no
 * active exception covers; FAIL at or above the fail threshold, WARN at or above the warn
 * threshold, else PASS; UNKNOWN without a complete scan. Bands count distinct vulnerability ids, each
 * at its highest score. Excepted findings count nowhere: not in the bands, the KEV count or the max
 * EPSS. Thread-safe; assessments from several processes run one after another.
 */
@Component
public class Assessment {

	private final AssessmentStore store;

	private final AssessmentProperties thresholds;

	private final EpssFeed epss;

	private final KevStatus kev;

	Assessment(AssessmentStore store, AssessmentProperties thresholds, EpssFeed epss, KevStatus kev) {
		this.store = store;
		this.thresholds = thresholds;
		this.epss = epss;
		this.kev = kev;
	}

	/** Assesses what is stale, if anything. */
	public AssessmentRun assessIfStale() {
		return assess(false);
	}

	/** Assesses every image, whatever changed. */
	public AssessmentRun assessAll() {
		return assess(true);
	}

	/** The thresholds in effect. */
	public AssessmentProperties thresholds() {
		return this.thresholds;
	}

	/** Images by result ({@code PASS}, {@code WARN}, {@code FAIL}, {@code UNKNOWN}), all four present. */
	public Map<String, Long> resultCounts() {
		return this.store.resultCounts();
	}

	private AssessmentRun assess(boolean force) {
		Long epssSnapshot = this.epss.snapshotId();
		Long kevCatalog = this.kev.catalogId();
		return this.store.inTransaction(db -> {
			LocalDate today = LocalDate.now(ZoneOffset.UTC);
			RulesState last = this.store.lastState(db);
			// Images that change while this runs have a later changed_at and are taken next time.
			Timestamp newest = this.store.newestImageChange(db);
			RulesState now = new RulesState(this.thresholds.warnThreshold(), this.thresholds.failThreshold(),
					this.store.exceptionsHash(db, today), epssSnapshot, kevCatalog, newest);
			List<String> reasons = new ArrayList<>((last != null) ? now.changesSince(last) : List.of("FIRST"));
			if (force) {
				reasons.add("FORCED");
			}
			Timestamp previousUntil = (last != null) ? last.assessedUntil() : null;
			boolean all = !reasons.isEmpty();
			if (!all && !this.store.imagesChangedSince(db, previousUntil)) {
				return new AssessmentRun(false, "NOTHING_CHANGED", 0, 0, Map.of());
			}
			String why = all ? String.join(",", reasons) : "NEW_SCAN";
			AssessmentStore.Assessed assessed = this.store.assess(db, now, previousUntil, all, why, today);
			int images = assessed.results().values().stream().mapToInt(Integer::intValue).sum();
			return new AssessmentRun(true, why, images, assessed.changes(), assessed.results());
		});
	}

}
