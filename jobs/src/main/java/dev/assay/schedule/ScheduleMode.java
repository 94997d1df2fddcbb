package dev.assay.schedule;

/**
 * {@code assay schedule} runs with the Spring profile {@value #PROFILE}: the Quartz scheduler
 * starts with the triggers of {@link JobTriggers}, and the web server serves
 * {@code /actuator/health} and {@code /actuator/prometheus}. One-shot commands run without it.
 */
public final class ScheduleMode {

	public static final String PROFILE = "schedule";

	private ScheduleMode() {
	}

}
