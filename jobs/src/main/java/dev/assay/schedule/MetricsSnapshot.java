package dev.assay.schedule;

import java.time.Instant;
import java.util.Map;

import dev.assay.assessment.Result;

/**
 * The numbers behind assay's gauges, read together at one moment.
 *
 * @param jobs stats by job name; a job that never ran is missing
 * @param images how many images have each result
 * @param feedsFetchedAt when each feed's current data was downloaded, by feed ({@code epss}, {@code kev});
 * a feed never loaded is missing
 */
record MetricsSnapshot(Map<String, JobStats> jobs, Map<Result, Long> images, Map<String, Instant> feedsFetchedAt) {

	static final MetricsSnapshot EMPTY = new MetricsSnapshot(Map.of(), Map.of(), Map.of());

	JobStats job(String name) {
		return this.jobs.getOrDefault(name, JobStats.NEVER_RAN);
	}

}
