package dev.assay.scans;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import dev.assay.batch.JobSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * What one run of the import step did. Refused files are logged as they are refused and handed to
 * the writer, which records them with the chunk they were read in; when the step has completed, the
 * summary of the run and the refused files go into the job summary. One per step execution;
 * thread-safe.
 */
class ImportSummary implements StepExecutionListener {

	/** The job summary lists this many refused files; the log has them all. */
	private static final int LISTED = 20;

	private static final Logger log = LoggerFactory.getLogger(ImportSummary.class);

	private final ReportSource source;

	private final Queue<RefusedFile> unrecorded = new ConcurrentLinkedQueue<>();

	private final Queue<RefusedFile> refused = new ConcurrentLinkedQueue<>();

	private final AtomicLong findings = new AtomicLong();

	private final AtomicLong current = new AtomicLong();

	private final AtomicLong older = new AtomicLong();

	ImportSummary(ReportSource source) {
		this.source = source;
	}

	void refused(RefusedFile file) {
		log.warn("Not imported: {}", file.reason());
		this.unrecorded.add(file);
		this.refused.add(file);
	}

	/** The files refused since the last call, for the writer to record. */
	List<RefusedFile> takeUnrecorded() {
		List<RefusedFile> files = new ArrayList<>();
		for (RefusedFile file; (file = this.unrecorded.poll()) != null;) {
			files.add(file);
		}
		return files;
	}

	void written(ScanStore.Written written) {
		this.findings.addAndGet(written.findings());
		this.current.addAndGet(written.current());
		this.older.addAndGet(written.older());
	}

	@Override
	public ExitStatus afterStep(StepExecution step) {
		if (step.getStatus() != BatchStatus.COMPLETED) {
			// The step's own exceptions wrap the reason in "Unable to process chunk".
			step.getFailureExceptions().stream().findFirst().ifPresent(failure -> JobSummary.add(step, reason(failure)
					+ " Run scan-import again with the same parameters: it goes on where it stopped, and no file is"
					+ " imported twice."));
			return null;
		}
		JobSummary.add(step, String.format(
				"Scan reports from %s: %d files, %d imported (%d findings; %d became their image's current scan, %d are"
						+ " history only), %d already imported, %d failed",
				this.source, step.getReadCount(), step.getWriteCount(), this.findings.get(), this.current.get(),
				this.older.get(), step.getFilterCount(), step.getProcessSkipCount()));
		// Files are parsed in parallel; they are listed in path order all the same.
		this.refused.stream()
			.sorted(Comparator.comparing(RefusedFile::file))
			.limit(LISTED)
			.forEach(file -> JobSummary.add(step, "failed: " + file.reason()));
		if (this.refused.size() > LISTED) {
			JobSummary.add(step, "... and " + (this.refused.size() - LISTED) + " more failed; the log lists them all");
		}
		return null;
	}

	private static String reason(Throwable failure) {
		Throwable deepest = failure;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ScanWriteException) {
				return cause.getMessage();
			}
			deepest = (cause.getMessage() != null) ? cause : deepest;
		}
		return "Stopped: " + deepest.getMessage() + ".";
	}

}
