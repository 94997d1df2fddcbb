package dev.assay.schedule;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;

import dev.assay.testing.Cli;
import dev.assay.testing.Sql;
import dev.assay.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code assay schedule}: triggers from cron expressions, one fire per slot across replicas on one
 * database, one run for a slot missed while every replica was down, and bad cron expressions
 * refused at start naming the property. The job fired is {@code assess}: it needs no input and
 * leaves one Batch execution per run.
 */
class SchedulerTests {

	static final String EVERY_TWO_SECONDS = "--assay.schedule.assess=*/2 * * * * ?";

	@TempDir
	Path home;

	String url;

	Sql sql;

	@BeforeEach
	void database() {
		this.url = TestDatabase.newDatabase("schedule");
		this.sql = new Sql(this.url);
	}

	@Test
	void aCronExpressionFiresItsJob() throws Exception {
		try (SchedulerNode node = SchedulerNode.start(this.url, this.home, EVERY_TWO_SECONDS)) {
			await().atMost(Duration.ofSeconds(30)).until(() -> node.fires.size() >= 2);

			// Each fire ran the job through JobRunner: one completed Batch execution per fire, at least.
			assertThat(assessExecutions("COMPLETED")).isGreaterThanOrEqualTo(2);
			assertThat(secondsBetween(node.fires.get(0), node.fires.get(1))).isEqualTo(2);
		}
	}

	@Test
	void twoReplicasOnOneDatabaseFireEachSlotOnce() throws Exception {
		try (SchedulerNode first = SchedulerNode.start(this.url, this.home.resolve("a"), EVERY_TWO_SECONDS);
				SchedulerNode second = SchedulerNode.start(this.url, this.home.resolve("b"), EVERY_TWO_SECONDS)) {
			long before = first.fires.size() + second.fires.size();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> first.fires.size() + second.fires.size() >= before + 6);

			List<Date> all = new ArrayList<>(first.fires);
			all.addAll(second.fires);
			assertThat(new HashSet<>(all)).as("each scheduled fire time ran on one replica only").hasSameSizeAs(all);
			assertThat(first.scheduler().getMetaData().isJobStoreClustered()).isTrue();
			assertThat(first.scheduler().getSchedulerInstanceId())
				.isNotEqualTo(second.scheduler().getSchedulerInstanceId());
		}
		// No fire found the job busy: the cluster never ran it twice at once.
		assertThat(assessExecutions("COMPLETED")).isEqualTo(this.sql.count(
				"SELECT COUNT(*) FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID"
						+ " WHERE i.JOB_NAME = 'assess'"));
	}

	@Test
	void aSlotMissedWhileEveryReplicaWasDownRunsOnceOnStart() throws Exception {
		// given: a daily job whose trigger is stored, then every replica down over five missed slots
		String daily = "--assay.schedule.assess=0 30 4 * * ?";
		try (SchedulerNode node = SchedulerNode.start(this.url, this.home, daily)) {
			assertThat(node.scheduler().getTrigger(new org.quartz.TriggerKey("assess", JobTriggers.GROUP))).isNotNull();
		}
		long fiveDaysAgo = Instant.now().minus(Duration.ofDays(5)).toEpochMilli();
		this.sql.execute("UPDATE QRTZ_TRIGGERS SET NEXT_FIRE_TIME = " + fiveDaysAgo + " WHERE TRIGGER_NAME = 'assess'");
		assertThat(assessExecutions("COMPLETED")).isZero();

		// when: a replica starts again with the same schedule
		try (SchedulerNode node = SchedulerNode.start(this.url, this.home, daily)) {
			await().atMost(Duration.ofSeconds(30)).until(() -> assessExecutions("COMPLETED") >= 1);
			// Long enough for a per-slot catch-up to show itself.
			Thread.sleep(3000);

			// then: one run for all the missed slots, and the next fire is the next real slot
			assertThat(assessExecutions("COMPLETED")).isEqualTo(1);
			long next = ((Number) this.sql.value("SELECT NEXT_FIRE_TIME FROM QRTZ_TRIGGERS WHERE TRIGGER_NAME = 'assess'"))
				.longValue();
			assertThat(next).isGreaterThan(System.currentTimeMillis());
		}
	}

	@Test
	void anUnchangedScheduleKeepsItsStoredTriggerAndAnEmptyOneRemovesIt() throws Exception {
		String daily = "--assay.schedule.assess=0 30 4 * * ?";
		try (SchedulerNode node = SchedulerNode.start(this.url, this.home, daily)) {
			assertThat(this.sql.count("SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE TRIGGER_NAME = 'assess'")).isEqualTo(1);
		}
		try (SchedulerNode node = SchedulerNode.start(this.url, this.home, "--assay.schedule.assess=")) {
			assertThat(this.sql.count("SELECT COUNT(*) FROM QRTZ_TRIGGERS")).isZero();
			assertThat(this.sql.count("SELECT COUNT(*) FROM QRTZ_JOB_DETAILS")).isZero();
		}
	}

	@Test
	void aBadCronExpressionRefusesToStartNamingTheProperty() {
		Cli cli = new Cli("schedule_bad", this.home);

		Cli.Result result = cli.run("schedule", "--assay.schedule.kev-ingest=every six hours");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("assay.schedule.kev-ingest is not a valid cron expression ('every six hours')");
	}

	@Test
	void aScheduleForAJobThatDoesNotExistRefusesToStart() {
		Cli cli = new Cli("schedule_unknown", this.home);

		Cli.Result result = cli.run("schedule", "--assay.schedule.no-such-job=0 0 * * * ?");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("assay.schedule.no-such-job names no job");
	}

	@Test
	void scheduleHasHelp() {
		Cli.Result result = new Cli("schedule_help", this.home).run("schedule", "--help");

		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).startsWith("Usage: assay schedule").contains("assay.schedule.<job>");
	}

	private long assessExecutions(String status) {
		return this.sql.count("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_INSTANCE i"
				+ " ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID WHERE i.JOB_NAME = 'assess' AND e.STATUS = '" + status + "'");
	}

	private static long secondsBetween(Date first, Date second) {
		return Duration.between(first.toInstant(), second.toInstant()).toSeconds();
	}

}
