package dev.assay.schedule;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.assay.AssayApplication;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobListener;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One replica of {@code assay schedule}: the application started with the schedule profile against
 * a test database, as the {@code schedule} command starts it, with a listener that records which
 * scheduled fire times this replica ran.
 */
final class SchedulerNode implements AutoCloseable {

	final ConfigurableApplicationContext context;

	/** The scheduled fire times of the {@code assess} trigger this replica ran, from when it was started. */
	final List<Date> fires = new CopyOnWriteArrayList<>();

	private SchedulerNode(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/** Empties every schedule that config/application.yml gives by default. */
	static final List<String> NO_DEFAULT_TRIGGERS = List.of("--assay.schedule.kev-ingest=", "--assay.schedule.epss-ingest=",
			"--assay.schedule.registry-rescan=", "--assay.schedule.runtime-reconcile=", "--assay.schedule.export=");

	/**
	 * Starts a replica on the database {@code url}; the default triggers are disabled so only the
	 * schedules given in {@code properties} ({@code --assay.schedule.job=cron}) exist.
	 */
	static SchedulerNode start(String url, Path home, String... properties) throws SchedulerException {
		List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + url, "--spring.datasource.username=root",
				"--assay.home=" + home, "--server.port=0"));
		args.addAll(NO_DEFAULT_TRIGGERS);
		args.addAll(Arrays.asList(properties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(AssayApplication.class)
			.profiles(ScheduleMode.PROFILE)
			.run(args.toArray(String[]::new));
		SchedulerNode node = new SchedulerNode(context);
		node.scheduler().getListenerManager().addJobListener(node.new FireRecorder());
		return node;
	}

	Scheduler scheduler() {
		return this.context.getBean(Scheduler.class);
	}

	@Override
	public void close() {
		this.context.close();
	}

	private final class FireRecorder implements JobListener {

		@Override
		public String getName() {
			return "fire-recorder";
		}

		@Override
		public void jobToBeExecuted(JobExecutionContext context) {
		}

		@Override
		public void jobExecutionVetoed(JobExecutionContext context) {
		}

		@Override
		public void jobWasExecuted(JobExecutionContext context, JobExecutionException failure) {
			if (context.getJobDetail().getKey().getName().equals("assess")) {
				SchedulerNode.this.fires.add(context.getScheduledFireTime());
			}
		}

	}

}
