package dev.assay.batch;

import java.time.Duration;

import org.slf4j.Logger;

/**
 * Logs the progress of a long step (done, rate, elapsed) at most once per interval, so a long
 * load shows it is alive without flooding the log. Not thread-safe: one per step.
 */
public final class ProgressLog {

	private static final Duration INTERVAL = Duration.ofSeconds(5);

	private final Logger log;

	private final String what;

	private final long start = System.nanoTime();

	private long nextReport = this.start + INTERVAL.toNanos();

	private long done;

	public ProgressLog(Logger log, String what) {
		this.log = log;
		this.what = what;
	}

	/** Counts {@code n} more items done and logs if the interval has passed. */
	public void advance(long n) {
		this.done += n;
		long now = System.nanoTime();
		if (now >= this.nextReport) {
			this.nextReport = now + INTERVAL.toNanos();
			this.log.info("{}: {} done, {}/s, {} elapsed", this.what, this.done, rate(now), String.format("%.1fs", (now - this.start) / 1e9));
		}
	}

	public long done() {
		return this.done;
	}

	public Duration elapsed() {
		return Duration.ofNanos(System.nanoTime() - this.start);
	}

	private long rate(long now) {
		double seconds = (now - this.start) / 1e9;
		return (seconds > 0) ? Math.round(this.done / seconds) : this.done;
	}

}
