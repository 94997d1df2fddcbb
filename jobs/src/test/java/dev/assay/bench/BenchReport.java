package dev.assay.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Times the cases of one benchmark and reports them: each case is prepared, then timed, a few
 * warm-up times and then the counted repetitions; {@link #write} prints a table on stdout and
 * writes medians, minima, rows/s, every sample and the ratios to
 * {@code target/bench/<benchmark>.json}.
 * <p>
 * Only the work block is timed, never its preparation. {@code -Dbench.warmups=} and
 * {@code -Dbench.repetitions=} change the counts for one run (1 and 5 by default). Not
 * thread-safe: one per benchmark method.
 */
final class BenchReport {

	/** Work to prepare or time. An exception ends the benchmark: the times of a failed run mean nothing. */
	@FunctionalInterface
	interface Block {

		void run() throws Exception;

	}

	private static final Path FOLDER = Path.of("target", "bench");

	private final String benchmark;

	private final long rows;

	private final int warmUps;

	private final int repetitions;

	private final List<Measurement> measurements = new ArrayList<>();

	private final List<String> ratios = new ArrayList<>();

	private final Map<String, Object> json = new LinkedHashMap<>();

	/**
	 * @param benchmark the name of the benchmark and of its JSON file
	 * @param rows the rows one repetition of each case handles
	 */
	BenchReport(String benchmark, long rows) {
		this.benchmark = benchmark;
		this.rows = rows;
		this.warmUps = Integer.getInteger("bench.warmups", 1);
		this.repetitions = Integer.getInteger("bench.repetitions", 5);
		if (this.warmUps < 0 || this.repetitions < 1) {
			throw new IllegalArgumentException("bench.warmups must be 0 or more and bench.repetitions 1 or more, not "
					+ this.warmUps + " and " + this.repetitions);
		}
		this.json.put("benchmark", benchmark);
		this.json.put("rows", rows);
		this.json.put("warmUps", this.warmUps);
		this.json.put("repetitions", this.repetitions);
		this.json.put("cpus", Runtime.getRuntime().availableProcessors());
	}

	/**
	 * Runs {@code prepare} then times {@code work}, warm-ups plus repetitions times.
	 * @param name the case's key in the JSON file, e.g. {@code loadData}
	 * @param description what the case does, for the table
	 */
	Measurement measure(String name, String description, Block prepare, Block work) throws Exception {
		List<Duration> samples = new ArrayList<>();
		for (int i = 0; i < this.warmUps + this.repetitions; i++) {
			prepare.run();
			long start = System.nanoTime();
			work.run();
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			boolean warmUp = i < this.warmUps;
			if (!warmUp) {
				samples.add(took);
			}
			System.out.printf(Locale.ROOT, "%s %s %s %d: %.3f s%n", this.benchmark, name, warmUp ? "warm-up" : "run",
					warmUp ? i + 1 : i - this.warmUps + 1, took.toNanos() / 1e9);
		}
		Measurement measurement = new Measurement(name, description, this.rows, samples);
		this.measurements.add(measurement);
		this.json.put(name + "Seconds", round(measurement.medianSeconds(), 3));
		this.json.put(name + "MinSeconds", round(measurement.minSeconds(), 3));
		this.json.put(name + "RowsPerSecond", Math.round(measurement.rowsPerSecond()));
		this.json.put(name + "Samples", samples.stream().map(sample -> round(sample.toNanos() / 1e9, 3)).toList());
		return measurement;
	}

	/** Records how many times as long {@code slower} takes as {@code baseline}, at the medians. */
	double ratio(String name, Measurement slower, Measurement baseline) {
		double ratio = slower.medianSeconds() / baseline.medianSeconds();
		this.json.put(name, round(ratio, 2));
		this.ratios.add(String.format(Locale.ROOT, "%-16s %6.2f  (%s / %s)", name, ratio, slower.name(),
				baseline.name()));
		return ratio;
	}

	/** Adds a fact about the run to the JSON file, e.g. how many rows a case changed. */
	void put(String key, Object value) {
		this.json.put(key, value);
	}

	/** Prints the table on stdout and writes the JSON file. */
	Path write() throws IOException {
		Path file = Files.createDirectories(FOLDER).resolve(this.benchmark + ".json");
		JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(file, this.json);
		StringBuilder table = new StringBuilder();
		table.append(String.format(Locale.ROOT, "%nBenchmark %s: %,d rows, median of %d after %d warm-up(s), %d CPUs%n",
				this.benchmark, this.rows, this.repetitions, this.warmUps, Runtime.getRuntime().availableProcessors()));
		table.append(String.format(Locale.ROOT, "%-16s %8s %8s %10s  %s%n", "case", "median s", "min s", "rows/s",
				"what"));
		for (Measurement measurement : this.measurements) {
			table.append(String.format(Locale.ROOT, "%-16s %8.3f %8.3f %,10d  %s%n", measurement.name(),
					measurement.medianSeconds(), measurement.minSeconds(), Math.round(measurement.rowsPerSecond()),
					measurement.description()));
		}
		this.ratios.forEach(line -> table.append(line).append('\n'));
		table.append("Written to ").append(file.toAbsolutePath()).append('\n');
		System.out.print(table);
		return file;
	}

	private static BigDecimal round(double value, int decimals) {
		return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP);
	}

}
