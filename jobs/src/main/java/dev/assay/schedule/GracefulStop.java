package dev.assay.schedule;

import java.time.Duration;

import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * On shutdown (SIGTERM), stops the scheduler from firing, asks every job this replica is running to
 * stop after its current chunk, and waits for them to end.
 * <p>
 * It does this while the application is stopping, before any bean is destroyed, so the jobs still
 * have their database, transactions and repositories while they finish. A stopped execution is
 * resumed by the job's next run. How long it may take is the platform's to bound
 * ({@code terminationGracePeriodSeconds}).
 */
@Component
@Profile(ScheduleMode.PROFILE)
class GracefulStop implements SmartLifecycle {

	private static final Duration POLL = Duration.ofMillis(200);

	private static final Logger log = LoggerFactory.getLogger(GracefulStop.class);

	private final Scheduler scheduler;

	private volatile boolean running;

	GracefulStop(Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		try {
			this.scheduler.standby();
			for (JobExecutionContext job : this.scheduler.getCurrentlyExecutingJobs()) {
				log.info("Shutting down: asking {} to stop after its current chunk", job.getJobDetail().getKey().getName());
				this.scheduler.interrupt(job.getFireInstanceId());
			}
			while (!this.scheduler.getCurrentlyExecutingJobs().isEmpty()) {
				Thread.sleep(POLL.toMillis());
			}
		}
		catch (SchedulerException ex) {
			log.warn("Could not stop the running jobs cleanly: {}", ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.running = false;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops first: before the scheduler, the web server and anything the jobs use. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

}
