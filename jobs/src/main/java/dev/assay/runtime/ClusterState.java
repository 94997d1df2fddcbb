package dev.assay.runtime;

import java.time.Instant;

/**
 * One cluster as the last reconcile left it.
 *
 * @param name the cluster's name
 * @param source {@code API} or {@code SNAPSHOT}
 * @param lastAttempt when it was last read, or tried
 * @param lastSuccess the time of the snapshot in force; {@code null} if it never answered
 * @param stale whether the last attempt failed, so the rows are those of {@code lastSuccess}
 * @param error why the last attempt failed; {@code null} when it succeeded
 * @param runningContainers the running containers of the snapshot in force
 */
record ClusterState(String name, String source, Instant lastAttempt, Instant lastSuccess, boolean stale,
		String error, int runningContainers) {
}
