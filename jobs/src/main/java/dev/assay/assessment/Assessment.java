package dev.assay.assessment;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.assay.assessment.ImageAssessor.Assessed;
import dev.assay.assessment.InputsStore.LastAssessment;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The results of images, kept current in {@code image_assessment}: what other packages use. The
 * {@code assess} job and every export call {@link #assessIfStale} first, so that no output is
 * computed with stale thresholds, exceptions or feeds; status reads {@link #resultCounts}.
 * <p>
 * Thread-safe. Assessments of one database, from any process, run one after another: each locks
 * the row of {@code assessment_state} for its transaction.
 */
@Component
public class Assessment {

	private final InputsStore inputs;

	private final ImageAssessor assessor;

	private final AssessmentProperties thresholds;

	private final TransactionTemplate transaction;

	private final JdbcClient db;

	Assessment(InputsStore inputs, ImageAssessor assessor, AssessmentProperties thresholds,
			PlatformTransactionManager transactionManager, JdbcClient db) {
		this.inputs = inputs;
		this.assessor = assessor;
		this.thresholds = thresholds;
		this.transaction = new TransactionTemplate(transactionManager);
		this.db = db;
	}

	/**
	 * Assesses the images whose results may be stale: all of them when the thresholds, the
	 * exceptions in force (an exception expires at the end of its day, UTC) or the feed snapshots
	 * changed since the last assessment, else those with new scans. Does nothing when nothing
	 * changed.
	 * <p>
	 * Runs in the caller's transaction if there is one, else in its own; the whole assessment
	 * commits or rolls back as one. A caller's transaction must not have read anything before: the
	 * assessment must see what the assessment before it committed.
	 */
	public AssessmentRun assessIfStale() {
		return this.transaction.execute(status -> assess(false));
	}

	/** Assesses every image whatever changed, in a transaction as {@link #assessIfStale()}. */
	public AssessmentRun assessAll() {
		return this.transaction.execute(status -> assess(true));
	}

	/** How many images have each result, every result present (0 when none). */
	public Map<Result, Long> resultCounts() {
		Map<Result, Long> counts = new EnumMap<>(Result.class);
		for (Result result : Result.values()) {
			counts.put(result, 0L);
		}
		this.db.sql("SELECT result, COUNT(*) FROM image_assessment GROUP BY result")
			.query((RowCallbackHandler) rs -> counts.put(Result.valueOf(rs.getString(1)), rs.getLong(2)));
		return counts;
	}

	private AssessmentRun assess(boolean force) {
		Optional<LastAssessment> last = this.inputs.lockLast();
		LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
		AssessmentInputs current = this.inputs.current(this.thresholds, now.toLocalDate());
		Set<Reason> rulesChanged = last.map(previous -> current.changesSince(previous.inputs()))
			.orElse(EnumSet.noneOf(Reason.class));
		int stale = this.assessor.markStaleImages();
		int removed = this.assessor.removeResultsOfGoneImages();
		if (!force && last.isPresent() && rulesChanged.isEmpty() && stale == 0 && removed == 0) {
			this.assessor.dropScratchTables();
			return AssessmentRun.nothingChanged(last.get().at());
		}
		String rules = rulesChanged.isEmpty() ? null
				: rulesChanged.stream().map(Reason::name).collect(Collectors.joining(","));
		boolean allImages = force || last.isEmpty() || !rulesChanged.isEmpty();
		Assessed assessed = this.assessor.assess(allImages, force, current, rules, now.toLocalDate(), now);
		this.inputs.save(current, now);
		Set<Reason> reasons = EnumSet.noneOf(Reason.class);
		if (stale > 0 || last.isEmpty()) {
			reasons.add(Reason.NEW_SCAN);
		}
		reasons.addAll(rulesChanged);
		return new AssessmentRun(true, reasons, assessed.images(), assessed.results(), assessed.changes(), removed,
				now);
	}

}
