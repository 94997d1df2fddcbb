package dev.assay.schedule;

import java.time.Instant;
import java.util.function.ToDoubleFunction;

import dev.assay.assessment.Result;
import dev.assay.batch.JobRunner;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

/**
 * assay's gauges, read from the database through {@link MetricsSource}: the same numbers whichever
 * replica is scraped, and in the push of a one-shot run. In Prometheus form:
 * <ul>
 * <li>{@code assay_job_last_success_time_seconds{job}}: when the job's newest completed run ended (Unix time)</li>
 * <li>{@code assay_job_last_duration_seconds{job}}: how long that run took</li>
 * <li>{@code assay_job_last_items{job,kind}}: items that run read, wrote and skipped ({@code kind})</li>
 * <li>{@code assay_job_failures{job}}: failed executions of the job, ever</li>
 * <li>{@code assay_images{result}}: images by result (PASS, WARN, FAIL, UNKNOWN)</li>
 * <li>{@code assay_feed_age_seconds{feed}}: how long ago the feed's current data was downloaded</li>
 * </ul>
 * A value not known yet (a job that never completed, a feed never loaded) is NaN.
 */
@Component
class AssayMetrics implements MeterBinder {

	private final MetricsSource source;

	private final JobRunner runner;

	AssayMetrics(MetricsSource source, JobRunner runner) {
		this.source = source;
		this.runner = runner;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String job : this.runner.jobNames()) {
			jobGauge(registry, "assay.job.last.success.time", job, "seconds",
					"When the newest completed run of the job ended, Unix time",
					stats -> seconds(stats.lastSuccess()));
			jobGauge(registry, "assay.job.last.duration", job, "seconds", "How long the newest completed run took",
					stats -> (stats.lastDuration() != null) ? stats.lastDuration().toMillis() / 1000.0 : Double.NaN);
			itemsGauge(registry, job, "read", JobStats::read);
			itemsGauge(registry, job, "written", JobStats::written);
			itemsGauge(registry, job, "skipped", JobStats::skipped);
			jobGauge(registry, "assay.job.failures", job, null, "Failed executions of the job, ever",
					stats -> stats.failures());
		}
		for (Result result : Result.values()) {
			Gauge.builder("assay.images", this.source, source -> source.get().images().getOrDefault(result, 0L))
				.description("Images by assessment result")
				.tag("result", result.name())
				.register(registry);
		}
		for (String feed : this.source.feeds()) {
			Gauge.builder("assay.feed.age", this.source, source -> {
				Instant fetched = source.get().feedsFetchedAt().get(feed);
				return (fetched != null) ? source.secondsSince(fetched) : Double.NaN;
			}).description("How long ago the feed's current data was downloaded").baseUnit("seconds").tag("feed", feed).register(registry);
		}
	}

	private void jobGauge(MeterRegistry registry, String name, String job, String unit, String description,
			ToDoubleFunction<JobStats> value) {
		Gauge.builder(name, this.source, source -> value.applyAsDouble(source.get().job(job)))
			.description(description)
			.baseUnit(unit)
			.tag("job", job)
			.register(registry);
	}

	private void itemsGauge(MeterRegistry registry, String job, String kind, ToDoubleFunction<JobStats> value) {
		Gauge.builder("assay.job.last.items", this.source, source -> value.applyAsDouble(source.get().job(job)))
			.description("Items the newest completed run of the job read, wrote and skipped")
			.tag("job", job)
			.tag("kind", kind)
			.register(registry);
	}

	private static double seconds(Instant instant) {
		return (instant != null) ? instant.toEpochMilli() / 1000.0 : Double.NaN;
	}

}
