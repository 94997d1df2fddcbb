package dev.assay.schedule;

import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The cron expressions of {@code assay schedule}: {@code assay.schedule.<job>} (Quartz syntax, with
 * seconds, in UTC). An empty value disables the job. They are checked when the scheduler starts, not
 * here, so a one-shot command never fails for a schedule it does not use.
 *
 * @param schedule cron expression by job name
 */
@ConfigurationProperties("assay")
public record ScheduleProperties(@DefaultValue Map<String, String> schedule) {

	public ScheduleProperties {
		schedule = new TreeMap<>(schedule);
	}

}
