package dev.assay.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;

import dev.assay.batch.JobRunner;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Brings the Quartz job store in line with {@code assay.schedule.<job>} before the scheduler starts:
 * one job and one cron trigger (UTC) per job with a cron expression, none for the others.
 * <p>
 * Every expression is checked first; a bad one, or one for a job that does not exist, refuses to
 * start naming the property (exit 2). A trigger whose expression did not change is kept as stored:
 * replacing it would move its next fire time past a slot missed while every replica was down, and
 * that run must still happen (once: {@link CronScheduleBuilder#withMisfireHandlingInstructionFireAndProceed}).
 * "Do nothing" would wait for the next slot instead: a daily feed or export missed at 06:00 would
 * then be a day late, while one catch-up run costs what a scheduled one does.
 * Several replicas may do this at once on one database; they all write the same.
 */
@Component
@Profile(ScheduleMode.PROFILE)
class JobTriggers implements InitializingBean {

	static final String GROUP = "assay";

	private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

	private static final Logger log = LoggerFactory.getLogger(JobTriggers.class);

	private final Scheduler scheduler;

	private final ScheduleProperties properties;

	private final JobRunner runner;

	JobTriggers(Scheduler scheduler, ScheduleProperties properties, JobRunner runner) {
		this.scheduler = scheduler;
		this.properties = properties;
		this.runner = runner;
	}

	@Override
	public void afterPropertiesSet() throws SchedulerException {
		List<CronTrigger> wanted = triggers();
		Set<JobKey> stored = this.scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP));
		for (JobKey key : stored) {
			if (wanted.stream().noneMatch(trigger -> trigger.getJobKey().equals(key))) {
				log.info("Schedule: {} is no longer scheduled", key.getName());
				this.scheduler.deleteJob(key);
			}
		}
		for (CronTrigger trigger : wanted) {
			store(trigger);
		}
	}

	/** The trigger of every job with a cron expression, each checked. */
	private List<CronTrigger> triggers() {
		List<CronTrigger> triggers = new ArrayList<>();
		for (Map.Entry<String, String> entry : this.properties.schedule().entrySet()) {
			String job = entry.getKey();
			String cron = (entry.getValue() != null) ? entry.getValue().trim() : "";
			String property = "assay.schedule." + job;
			if (!this.runner.jobNames().contains(job)) {
				throw new IllegalArgumentException(property + " names no job. Jobs: "
						+ String.join(", ", this.runner.jobNames()) + ".");
			}
			if (!StringUtils.hasText(cron)) {
				continue;
			}
			try {
				CronExpression.validateExpression(cron);
			}
			catch (java.text.ParseException ex) {
				throw new IllegalArgumentException(property + " is not a valid cron expression ('" + cron + "'): "
						+ ex.getMessage() + ". Quartz cron has six or seven fields starting with seconds,"
						+ " e.g. '0 0 6 * * ?' for 06:00 UTC daily; leave it empty to disable the job.", ex);
			}
			triggers.add(TriggerBuilder.newTrigger()
				.withIdentity(job, GROUP)
				.forJob(job, GROUP)
				.withSchedule(CronScheduleBuilder.cronSchedule(cron)
					.inTimeZone(UTC)
					.withMisfireHandlingInstructionFireAndProceed())
				.build());
		}
		return triggers;
	}

	private void store(CronTrigger trigger) throws SchedulerException {
		String job = trigger.getKey().getName();
		Trigger existing = this.scheduler.getTrigger(trigger.getKey());
		if (existing instanceof CronTrigger cron && cron.getCronExpression().equals(trigger.getCronExpression())
				&& UTC.hasSameRules(cron.getTimeZone())) {
			log.info("Schedule: {} at '{}' UTC, next {}", job, cron.getCronExpression(), existing.getNextFireTime());
			return;
		}
		JobDetail detail = JobBuilder.newJob(RunJobQuartzJob.class)
			.withIdentity(job, GROUP)
			.usingJobData(RunJobQuartzJob.JOB, job)
			.storeDurably()
			.build();
		try {
			this.scheduler.scheduleJob(detail, Set.of(trigger), true);
		}
		catch (ObjectAlreadyExistsException ex) {
			// Another replica stored the same at the same moment.
		}
		log.info("Schedule: {} at '{}' UTC, next {}", job, trigger.getCronExpression(),
				this.scheduler.getTrigger(trigger.getKey()).getNextFireTime());
	}

}
