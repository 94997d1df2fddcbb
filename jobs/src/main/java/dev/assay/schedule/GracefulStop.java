package dev.assay.schedule;

import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * On shutdown (SIGTERM), asks every job this scheduler is running to stop after its current chunk.
 * <p>
 * It depends on the {@link Scheduler}, so Spring destroys it first; the scheduler is then shut down
 * waiting for those jobs to end ({@code spring.quartz.wait-for-jobs-to-complete-on-shutdown}), and the
 * database is closed only after that. A stopped execution is resumed by the job's next run.
 */
@Component
@Profile(ScheduleMode.PROFILE)
class GracefulStop implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(GracefulStop.class);

	private final Scheduler scheduler;

	GracefulStop(Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	@Override
	public void destroy() throws SchedulerException {
		// No new fire from here on; the running ones are told to stop.
		this.scheduler.standby();
		for (JobExecutionContext running : this.scheduler.getCurrentlyExecutingJobs()) {
			log.info("Shutting down: stopping {} after its current chunk", running.getJobDetail().getKey().getName());
			this.scheduler.interrupt(running.getFireInstanceId());
		}
	}

}
