package dev.assay.cli;

import java.util.concurrent.CountDownLatch;

import dev.assay.schedule.ScheduleMode;
import picocli.CommandLine.Command;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * {@code assay schedule}: runs the jobs on their {@code assay.schedule.<job>} cron expressions until
 * stopped (SIGTERM or Ctrl-C), and serves health and metrics over HTTP meanwhile.
 */
@Command(name = "schedule", mixinStandardHelpOptions = true,
		description = { "Runs every job on its cron expression (assay.schedule.<job>) until stopped.",
				"Several replicas on one database fire each trigger once. Serves /actuator/health and",
				"/actuator/prometheus on server.port. SIGTERM lets a running job finish its chunk." })
class ScheduleCommand extends ContextCommand {

	@Override
	String[] profiles() {
		return new String[] { ScheduleMode.PROFILE };
	}

	@Override
	int call(ConfigurableApplicationContext context) {
		CountDownLatch closed = new CountDownLatch(1);
		context.addApplicationListener(event -> {
			if (event instanceof ContextClosedEvent) {
				closed.countDown();
			}
		});
		if (!context.isActive()) {
			return 0;
		}
		try {
			// The JVM's shutdown hook closes the context; the scheduler's threads do the work.
			closed.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return 0;
	}

}
