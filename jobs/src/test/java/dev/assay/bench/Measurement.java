package dev.assay.bench;

import java.time.Duration;
import java.util.List;

/**
 * The timed repetitions of one benchmark case (warm-ups left out).
 *
 * @param name the key of the case in the JSON file, e.g. {@code loadData}
 * @param description what the case does, one line for the table
 * @param rows the rows one repetition handles
 * @param samples how long each repetition took, in the order they ran; never empty
 */
record Measurement(String name, String description, long rows, List<Duration> samples) {

	Measurement {
		if (samples.isEmpty()) {
			throw new IllegalArgumentException("Case " + name + " has no timed repetition");
		}
		samples = List.copyOf(samples);
	}

	/** The middle sample; for an even count, the mean of the two middle ones. */
	double medianSeconds() {
		double[] sorted = this.samples.stream().mapToDouble(Measurement::seconds).sorted().toArray();
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	double minSeconds() {
		return this.samples.stream().mapToDouble(Measurement::seconds).min().orElseThrow();
	}

	/** Rows per second at the median time. */
	double rowsPerSecond() {
		return this.rows / medianSeconds();
	}

	private static double seconds(Duration duration) {
		return duration.toNanos() / 1e9;
	}

}
