package dev.assay.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * What the job repository says of one job, for its metrics.
 *
 * @param lastSuccess when its newest completed execution ended, {@code null} if none did
 * @param lastDuration how long that execution took, {@code null} if none completed
 * @param read items read by that execution, over all its steps
 * @param written items written by it
 * @param skipped items skipped or filtered by it
 * @param failures how many of the job's executions failed, ever
 */
record JobStats(Instant lastSuccess, Duration lastDuration, long read, long written, long skipped, long failures) {

	static final JobStats NEVER_RAN = new JobStats(null, null, 0, 0, 0, 0);

}
