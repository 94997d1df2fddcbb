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
 * Times the cases of one benchmark and reports them. The cases run in rounds, each case once per
 * round in the order they were added: first the warm-up rounds, then the counted ones. On a shared
 * machine a burst of other work then slows every case a little instead of one case a lot, which
 * keeps the ratios between cases honest. {@link #write} prints a table on stdout and writes
 * medians, minima, rows/s, every sample and the ratios to {@code target/bench/<benchmark>.json}.
 * A case's work may also report the time of a part of it that it measured itself ({@link #part}),
 * such as one step of a job, which is then reported as a measurement of its own.
 * <p>
 * Only a case's work is timed, never its preparation. {@code -Dbench.warmups=} and
 * {@code -Dbench.repetitions=} change the number of rounds for one run (1 and 5 unless the
 * benchmark sets others). Not thread-safe: one per benchmark method.
 */
final class BenchReport {

	/** Work to prepare or time. An exception ends the benchmark: the times of a failed run mean nothing. */
	@FunctionalInterface
	interface Block {

		void run() throws Exception;

	}

	private record Case(String name, String description, Block prepare, Block work) {
	}

	/** A part of a case's work, timed by the work itself. */
	private record Part(String caseName, String description, List<Duration> samples) {
	}

	private static final Path FOLDER = Path.of("target", "bench");

	private final String benchmark;

	private final long rows;

	private final int warmUps;

	private final int repetitions;

	private final List<Case> cases = new ArrayList<>();

	private final Map<String, Part> parts = new LinkedHashMap<>();

	private final Map<String, Measurement> measurements = new LinkedHashMap<>();

	private final List<String> ratios = new ArrayList<>();

	private final Map<String, Object> json = new LinkedHashMap<>();

	/** The case whose work runs now, {@code null} outside a case's work. */
	private Case running;

	private boolean warmUpRunning;

	/**
	 * A report of one warm-up round and five counted ones, unless the system properties say otherwise.
	 * @param benchmark the name of the benchmark and of its JSON file
	 * @param rows the rows one repetition of each case handles
	 */
	BenchReport(String benchmark, long rows) {
		this(benchmark, rows, 1, 5);
	}

	/**
	 * A report of other rounds, for a benchmark whose cases take so long that the usual rounds
	 * would keep a shared machine busy for too long; the system properties still decide.
	 * @param warmUps the warm-up rounds unless {@code -Dbench.warmups=} says otherwise
	 * @param repetitions the counted rounds unless {@code -Dbench.repetitions=} says otherwise
	 */
	BenchReport(String benchmark, long rows, int warmUps, int repetitions) {
		this.benchmark = benchmark;
		this.rows = rows;
		this.warmUps = Integer.getInteger("bench.warmups", warmUps);
		this.repetitions = Integer.getInteger("bench.repetitions", repetitions);
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
	 * Adds a case to the rounds.
	 * @param name the case's key in the JSON file, e.g. {@code loadData}
	 * @param description what the case does, for the table
	 * @param prepare what the case needs before each run, untimed
	 * @param work what is timed; it should fail when the work did not succeed
	 */
	void add(String name, String description, Block prepare, Block work) {
		if (this.cases.stream().anyMatch(benchCase -> benchCase.name().equals(name))) {
			throw new IllegalArgumentException("Benchmark " + this.benchmark + " already has a case " + name);
		}
		this.cases.add(new Case(name, description, prepare, work));
	}

	/**
	 * Runs all rounds. Afterwards whatever the cases share holds what the last case's last run
	 * left, so a benchmark can check that run's result.
	 */
	void run() throws Exception {
		Map<String, List<Duration>> samples = new LinkedHashMap<>();
		for (int round = 1; round <= this.warmUps + this.repetitions; round++) {
			boolean warmUp = round <= this.warmUps;
			StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s round %d%s:", this.benchmark, round,
					warmUp ? " (warm-up)" : ""));
			for (Case benchCase : this.cases) {
				benchCase.prepare().run();
				this.running = benchCase;
				this.warmUpRunning = warmUp;
				long start = System.nanoTime();
				try {
					benchCase.work().run();
				}
				finally {
					this.running = null;
				}
				Duration took = Duration.ofNanos(System.nanoTime() - start);
				if (!warmUp) {
					samples.computeIfAbsent(benchCase.name(), name -> new ArrayList<>()).add(took);
				}
				line.append(String.format(Locale.ROOT, " %s %.3f s", benchCase.name(), took.toNanos() / 1e9));
			}
			System.out.println(line);
		}
		for (Case benchCase : this.cases) {
			measured(new Measurement(benchCase.name(), benchCase.description(), this.rows, samples.get(benchCase.name())));
			this.parts.forEach((name, part) -> {
				if (part.caseName().equals(benchCase.name())) {
					measured(new Measurement(name, part.description(), this.rows, part.samples()));
				}
			});
		}
	}

	/**
	 * Records how long a part of the running case's work took, as the work measured it (e.g. one
	 * step of a job, from its step execution). Call it from a case's work, in every run of it; like
	 * the case, it counts only outside the warm-up rounds. The part is reported after its case as a
	 * measurement of its own, with the benchmark's rows.
	 * @param name the part's key in the JSON file, e.g. {@code importStep}; not a case's name
	 * @param description what the part is, for the table
	 */
	void part(String name, String description, Duration took) {
		if (this.running == null) {
			throw new IllegalStateException("Part " + name + " was reported outside a case's work; report parts from"
					+ " the work of the case they belong to");
		}
		if (this.cases.stream().anyMatch(benchCase -> benchCase.name().equals(name))) {
			throw new IllegalArgumentException("Part " + name + " has the name of a case; give it a name of its own");
		}
		Part part = this.parts.computeIfAbsent(name,
				key -> new Part(this.running.name(), description, new ArrayList<>()));
		if (!part.caseName().equals(this.running.name())) {
			throw new IllegalArgumentException("Part " + name + " of case " + this.running.name()
					+ " is a part of case " + part.caseName() + " already; give it a name of its own");
		}
		if (!this.warmUpRunning) {
			part.samples().add(took);
		}
	}

	private void measured(Measurement measurement) {
		this.measurements.put(measurement.name(), measurement);
		String name = measurement.name();
		this.json.put(name + "Seconds", round(measurement.medianSeconds(), 3));
		this.json.put(name + "MinSeconds", round(measurement.minSeconds(), 3));
		this.json.put(name + "RowsPerSecond", Math.round(measurement.rowsPerSecond()));
		this.json.put(name + "Samples",
				measurement.samples().stream().map(sample -> round(sample.toNanos() / 1e9, 3)).toList());
	}

	/**
	 * Records how many times as long case {@code slower} takes as case {@code baseline}: at the
	 * medians as {@code name}, and at the minima as {@code name + "AtMin"}. On a busy machine the
	 * minima are the runs least disturbed by other work.
	 */
	void ratio(String name, String slower, String baseline) {
		double atMedian = measurement(slower).medianSeconds() / measurement(baseline).medianSeconds();
		double atMin = measurement(slower).minSeconds() / measurement(baseline).minSeconds();
		this.json.put(name, round(atMedian, 2));
		this.json.put(name + "AtMin", round(atMin, 2));
		this.ratios.add(String.format(Locale.ROOT, "%-24s %8.2f %8.2f  (%s / %s)", name, atMedian, atMin, slower,
				baseline));
	}

	/**
	 * Records how the rows per second of case or part {@code measured} compare with a goal of
	 * {@code rowsPerSecond}, above 1 being faster than the goal: at the median as {@code name}, and
	 * at the minimum as {@code name + "AtMin"}.
	 */
	void goal(String name, String measured, double rowsPerSecond) {
		Measurement measurement = measurement(measured);
		double atMedian = measurement.rowsPerSecond() / rowsPerSecond;
		double atMin = measurement.rows() / measurement.minSeconds() / rowsPerSecond;
		this.json.put(name, round(atMedian, 2));
		this.json.put(name + "AtMin", round(atMin, 2));
		this.ratios.add(String.format(Locale.ROOT, "%-24s %8.2f %8.2f  (%s rows/s / goal of %,.0f rows/s)", name,
				atMedian, atMin, measured, rowsPerSecond));
	}

	private Measurement measurement(String name) {
		Measurement measurement = this.measurements.get(name);
		if (measurement == null) {
			throw new IllegalStateException("No measured case or part " + name + "; measured: "
					+ this.measurements.keySet() + ". Call run() before ratio() and goal().");
		}
		return measurement;
	}

	/** Adds a fact about the run to the JSON file, e.g. how many rows a case changed. */
	void put(String key, Object value) {
		this.json.put(key, value);
	}

	/** Prints the table on stdout and writes the JSON file. */
	void write() throws IOException {
		Path file = Files.createDirectories(FOLDER).resolve(this.benchmark + ".json");
		JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(file, this.json);
		StringBuilder table = new StringBuilder();
		table.append(String.format(Locale.ROOT, "%nBenchmark %s: %,d rows, median of %d after %d warm-up(s), %d CPUs%n",
				this.benchmark, this.rows, this.repetitions, this.warmUps, Runtime.getRuntime().availableProcessors()));
		table.append(String.format(Locale.ROOT, "%-24s %8s %8s %10s  %s%n", "case", "median s", "min s", "rows/s",
				"what"));
		for (Measurement measurement : this.measurements.values()) {
			table.append(String.format(Locale.ROOT, "%-24s %8.3f %8.3f %,10d  %s%n", measurement.name(),
					measurement.medianSeconds(), measurement.minSeconds(), Math.round(measurement.rowsPerSecond()),
					measurement.description()));
		}
		this.ratios.forEach(line -> table.append(line).append('\n'));
		table.append("Written to ").append(file.toAbsolutePath()).append('\n');
		System.out.print(table);
	}

	private static BigDecimal round(double value, int decimals) {
		return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP);
	}

}
