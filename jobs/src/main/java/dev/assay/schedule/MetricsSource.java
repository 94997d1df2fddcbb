package dev.assay.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.assay.StatusContributor;
import dev.assay.assessment.Assessment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;

/**
 * Reads the {@link MetricsSnapshot} from the database, at most once per {@link #MAX_AGE}: one
 * Prometheus scrape reads every gauge, and they should cost one set of queries, not one each.
 * <p>
 * When the application closes it reads once more and then never again: the Pushgateway push of a
 * one-shot run happens while the application shuts down, when the database may already be gone, and
 * must carry the numbers as the run left them. A read that fails keeps the last snapshot. Thread-safe.
 */
@Component
class MetricsSource implements ApplicationListener<ContextClosedEvent> {

	static final Duration MAX_AGE = Duration.ofSeconds(5);

	private static final String FEEDS = "feeds.";

	private static final Logger log = LoggerFactory.getLogger(MetricsSource.class);

	private final JobHistory history;

	private final Assessment assessment;

	private final ObjectProvider<StatusContributor> status;

	private final Clock clock;

	private MetricsSnapshot snapshot = MetricsSnapshot.EMPTY;

	private Instant readAt = Instant.MIN;

	private boolean closed;

	MetricsSource(JobHistory history, Assessment assessment, ObjectProvider<StatusContributor> status) {
		this.history = history;
		this.assessment = assessment;
		this.status = status;
		this.clock = Clock.systemUTC();
	}

	/** The snapshot, read again if it is older than {@link #MAX_AGE}. */
	synchronized MetricsSnapshot get() {
		Instant now = this.clock.instant();
		if (!this.closed && Duration.between(this.readAt, now).compareTo(MAX_AGE) > 0) {
			read(now);
		}
		return this.snapshot;
	}

	/** The feeds that report to {@code assay status}, e.g. {@code epss}, {@code kev}. */
	List<String> feeds() {
		return this.status.orderedStream()
			.map(StatusContributor::path)
			.filter(path -> path.startsWith(FEEDS))
			.map(path -> path.substring(FEEDS.length()))
			.sorted()
			.toList();
	}

	/** Seconds from now back to {@code then}. */
	double secondsSince(Instant then) {
		return Duration.between(then, this.clock.instant()).toMillis() / 1000.0;
	}

	@Override
	public synchronized void onApplicationEvent(ContextClosedEvent event) {
		if (!this.closed) {
			read(this.clock.instant());
			this.closed = true;
		}
	}

	private void read(Instant now) {
		try {
			this.snapshot = new MetricsSnapshot(this.history.stats(), this.assessment.resultCounts(), feedsFetchedAt());
			this.readAt = now;
		}
		catch (RuntimeException ex) {
			// A scrape must not fail because the database blinked; the gauges keep their last values.
			log.warn("Could not read the metrics from the database: {}", ex.getMessage());
		}
	}

	/**
	 * Each feed reports its last good download in its {@code assay status} part ({@code fetchedAt}),
	 * so any feed, present or future, gets an age without this package reading its tables.
	 */
	private Map<String, Instant> feedsFetchedAt() {
		Map<String, Instant> fetched = new HashMap<>();
		this.status.orderedStream().filter(contributor -> contributor.path().startsWith(FEEDS)).forEach(contributor -> {
			if (contributor.status() instanceof Map<?, ?> json && json.get("fetchedAt") instanceof String at) {
				fetched.put(contributor.path().substring(FEEDS.length()), Instant.parse(at));
			}
		});
		return fetched;
	}

}
