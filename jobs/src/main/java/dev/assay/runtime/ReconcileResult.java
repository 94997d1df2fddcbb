package dev.assay.runtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one reconcile did, cluster by cluster, and its summary for the job. Not thread-safe. */
final class ReconcileResult {

	private final List<String> notes;

	private final List<String> succeeded = new ArrayList<>();

	private final Map<String, String> failed = new LinkedHashMap<>();

	private final List<String> forgotten = new ArrayList<>();

	private long containers;

	private long added;

	private long changed;

	private long removed;

	ReconcileResult(List<String> notes) {
		this.notes = new ArrayList<>(notes);
	}

	void succeeded(String cluster, int running, RuntimeStore.Change change) {
		this.succeeded.add(cluster);
		this.containers += running;
		this.added += change.added();
		this.changed += change.changed();
		this.removed += change.removed();
	}

	/** A cluster that failed, with the time of the snapshot it keeps ({@code null}: it has none). */
	void failed(String cluster, String error, Instant kept) {
		String snapshot = (kept != null)
				? "keeps its snapshot of " + kept + " (" + RuntimeReconcile.age(kept, Instant.now()) + " old), marked stale"
				: "has no snapshot yet";
		this.failed.put(cluster, snapshot + ": " + error);
	}

	void forgotten(List<String> clusters) {
		this.forgotten.addAll(clusters);
	}

	int clusters() {
		return this.succeeded.size() + this.failed.size();
	}

	/** Whether there were clusters to read and every one of them failed. */
	boolean allFailed() {
		return !this.failed.isEmpty() && this.succeeded.isEmpty();
	}

	List<String> failedClusters() {
		return List.copyOf(this.failed.keySet());
	}

	/** Running containers rows written: added, changed and removed. */
	long rowsWritten() {
		return this.added + this.changed + this.removed;
	}

	long containers() {
		return this.containers;
	}

	/** The job summary: one line of totals, then one per failed or forgotten cluster, then the notes. */
	List<String> summary() {
		List<String> lines = new ArrayList<>();
		if (clusters() == 0) {
			lines.add("No clusters: configure assay.runtime.clusters or put snapshot folders in assay.runtime.snapshots-dir");
		}
		else {
			lines.add("Clusters: " + clusters() + " read, " + this.succeeded.size() + " answered, " + this.failed.size()
					+ " failed" + (this.failed.isEmpty() ? "" : " (" + String.join(", ", this.failed.keySet()) + ")")
					+ "; " + this.containers + " running containers in those that answered: " + this.added + " added, "
					+ this.changed + " changed, " + this.removed + " gone");
		}
		this.failed.forEach((cluster, error) -> lines.add("cluster " + cluster + " failed, " + error));
		this.forgotten.forEach(cluster -> lines.add("cluster " + cluster
				+ " was not read: no longer configured and no snapshot folder; its last snapshot is kept, marked stale"));
		this.notes.forEach(lines::add);
		return lines;
	}

}
