package dev.assay.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.assay.AssayApplication;
import dev.assay.batch.JobOutcome;
import dev.assay.batch.JobRunner;
import dev.assay.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How fast {@code runtime-reconcile} reads snapshot files: {@value #CLUSTERS} cluster folders of one
 * {@code kubectl get pods -A -o json} file each, {@value #CONTAINERS} running containers in all
 * (pods of two running containers and one finished init container, in 20 namespaces per cluster,
 * running {@value #IMAGES} images, none scanned). The goal is all of it in under 15 s; a run where
 * nothing changed should write no container row. The job is timed from {@link JobRunner#run} to
 * its end, in one application context started once; its reconcile and assess steps are reported
 * on their own too.
 */
class RuntimeBenchmark {

	private static final int CLUSTERS = 100;

	private static final int CONTAINERS = 200_000;

	private static final int PODS_PER_CLUSTER = CONTAINERS / CLUSTERS / 2;

	private static final int IMAGES = 2_000;

	private static final double GOAL_SECONDS = 15;

	/** Everything the reconcile and its assess step write, children before parents. */
	private static final List<String> TABLES = List.of("runtime_container", "runtime_cluster", "image_tag",
			"image_assessment", "result_change", "assessment_state", "image");

	@TempDir
	Path home;

	@Test
	void reconcileHundredClusterSnapshots() throws Exception {
		long bytes = writeSnapshots(this.home.resolve("runtime"));
		List<String> args = new ArrayList<>(List.of(TestDatabase.springArgs("bench_runtime", this.home)));
		args.add("--assay.runtime.enabled=true");
		ConfigurableApplicationContext context = new SpringApplicationBuilder(AssayApplication.class)
			.run(args.toArray(String[]::new));
		try {
			JobRunner jobs = context.getBean(JobRunner.class);
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			BenchReport report = new BenchReport("runtime", CONTAINERS);
			long[] written = new long[2];
			report.add("firstReconcile", "runtime-reconcile of 100 snapshot files into empty runtime tables",
					() -> empty(jdbc), () -> {
						JobExecution execution = reconcile(jobs, jdbc);
						written[0] = step(execution, "reconcileRuntimeStep").getWriteCount();
						report.part("firstReconcileStep", "its reconcile step: read, match images, write rows",
								took(execution, "reconcileRuntimeStep"));
						report.part("firstAssessStep", "its assess step: judge the images never scanned",
								took(execution, "assessStep"));
					});
			report.add("unchangedRerun", "runtime-reconcile of the same files again: nothing changed",
					() -> {
						if (count(jdbc, "runtime_container") != CONTAINERS) {
							empty(jdbc);
							reconcile(jobs, jdbc);
						}
					}, () -> {
						JobExecution execution = reconcile(jobs, jdbc);
						written[1] = step(execution, "reconcileRuntimeStep").getWriteCount();
						if (written[1] != 0) {
							throw new IllegalStateException("An unchanged rerun wrote " + written[1] + " container rows");
						}
					});
			report.run();
			report.put("clusters", CLUSTERS);
			report.put("images", IMAGES);
			report.put("snapshotMegabytes", bytes / 1_000_000);
			report.put("rowsWrittenFirst", written[0]);
			report.put("rowsWrittenUnchanged", written[1]);
			report.put("goalSeconds", GOAL_SECONDS);
			report.ratio("unchangedShare", "unchangedRerun", "firstReconcile");
			report.goal("goalRatioFirst", "firstReconcile", CONTAINERS / GOAL_SECONDS);
			report.goal("goalRatioUnchanged", "unchangedRerun", CONTAINERS / GOAL_SECONDS);
			report.write();
		}
		finally {
			SpringApplication.exit(context);
		}
	}

	/** Runs the job with the runtime view on and fails unless every cluster answered with all its containers. */
	private static JobExecution reconcile(JobRunner jobs, JdbcTemplate jdbc) {
		JobOutcome outcome = jobs.run("runtime-reconcile", Map.of());
		if (outcome.status() != JobOutcome.Status.COMPLETED) {
			throw new IllegalStateException("runtime-reconcile failed, the times would mean nothing: " + outcome.message());
		}
		long rows = count(jdbc, "runtime_container");
		Long stale = jdbc.queryForObject("SELECT COUNT(*) FROM runtime_cluster WHERE stale", Long.class);
		if (rows != CONTAINERS || stale == null || stale != 0 || count(jdbc, "runtime_cluster") != CLUSTERS) {
			throw new IllegalStateException("runtime-reconcile left " + rows + " containers and " + stale
					+ " stale clusters, not " + CONTAINERS + " and none");
		}
		Long images = jdbc.queryForObject("SELECT COUNT(*) FROM image WHERE scan_status = 'NOT_SCANNED'", Long.class);
		if (images == null || images != IMAGES) {
			throw new IllegalStateException("runtime-reconcile made " + images + " images, not " + IMAGES);
		}
		return outcome.execution();
	}

	private static long count(JdbcTemplate jdbc, String table) {
		Long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
		return (count != null) ? count : 0;
	}

	private static void empty(JdbcTemplate jdbc) {
		jdbc.execute((ConnectionCallback<Void>) connection -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET foreign_key_checks = 0");
				for (String table : TABLES) {
					statement.execute("TRUNCATE TABLE " + table);
				}
				statement.execute("INSERT INTO assessment_state (id) VALUES (1)");
				statement.execute("SET foreign_key_checks = 1");
			}
			return null;
		});
	}

	/** One kubectl List per cluster, as a real one is laid out; returns the bytes written. */
	private static long writeSnapshots(Path root) throws IOException {
		long bytes = 0;
		for (int cluster = 0; cluster < CLUSTERS; cluster++) {
			Path folder = Files.createDirectories(root.resolve("cluster-" + cluster));
			Path file = folder.resolve("pods.json");
			try (BufferedWriter out = Files.newBufferedWriter(file)) {
				out.write("{\n    \"apiVersion\": \"v1\",\n    \"items\": [");
				for (int pod = 0; pod < PODS_PER_CLUSTER; pod++) {
					out.write((pod == 0) ? "\n" : ",\n");
					out.write(pod(cluster, pod));
				}
				out.write("\n    ],\n    \"kind\": \"List\",\n    \"metadata\": {\"resourceVersion\": \"\"}\n}\n");
			}
			bytes += Files.size(file);
		}
		return bytes;
	}

	private static String pod(int cluster, int pod) {
		String namespace = "team-" + (pod % 20);
		String name = "app-" + pod + "-7d9f8c6b5-x" + cluster;
		int app = (cluster * 7 + pod) % (IMAGES / 2);
		String image = "registry.example.com/team-" + (app % 50) + "/service-" + app;
		String appDigest = digest(app);
		String sidecar = "ghcr.io/mesh/proxy-" + (app % (IMAGES / 2));
		String sidecarDigest = digest(IMAGES / 2 + app % (IMAGES / 2));
		return """
				        {"apiVersion": "v1", "kind": "Pod",
				         "metadata": {"name": "%2$s", "namespace": "%1$s", "uid": "%3$s", "resourceVersion": "%4$d",
				           "creationTimestamp": "2026-11-01T10:00:00Z", "labels": {"app": "service", "pod-template-hash": "7d9f8c6b5"},
				           "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "app-7d9f8c6b5", "uid": "%3$s", "controller": true}]},
				         "spec": {"initContainers": [{"name": "init", "image": "busybox:1.36"}],
				           "containers": [{"name": "app", "image": "%5$s:1.0", "ports": [{"containerPort": 8080, "protocol": "TCP"}],
				             "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}},
				             {"name": "proxy", "image": "%7$s:2.1"}],
				           "nodeName": "node-%9$d", "restartPolicy": "Always", "serviceAccountName": "default"},
				         "status": {"phase": "Running", "podIP": "10.0.%9$d.%10$d", "startTime": "2026-11-01T10:00:00Z",
				           "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2026-11-01T10:00:05Z"}],
				           "initContainerStatuses": [{"name": "init", "image": "docker.io/library/busybox:1.36",
				             "imageID": "docker.io/library/busybox@%11$s", "ready": true, "restartCount": 0,
				             "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}],
				           "containerStatuses": [{"name": "app", "image": "%5$s:1.0", "imageID": "%5$s@%6$s", "ready": true,
				             "restartCount": 0, "started": true, "containerID": "containerd://%3$s",
				             "state": {"running": {"startedAt": "2026-11-01T10:00:03Z"}}},
				             {"name": "proxy", "image": "%7$s:2.1", "imageID": "%7$s@%8$s", "ready": true, "restartCount": 0,
				             "started": true, "containerID": "containerd://%3$s",
				             "state": {"running": {"startedAt": "2026-11-01T10:00:03Z"}}}]}}"""
			.formatted(namespace, name, "%08x-0000-4000-8000-%012x".formatted(cluster, pod), pod, image, appDigest,
					sidecar, sidecarDigest, pod % 250, pod % 200, digest(IMAGES + 1));
	}

	private static String digest(int n) {
		return "sha256:%064x".formatted(n);
	}

	private static StepExecution step(JobExecution execution, String name) {
		return execution.getStepExecutions()
			.stream()
			.filter(step -> step.getStepName().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("runtime-reconcile ran no step " + name));
	}

	private static Duration took(JobExecution execution, String stepName) {
		StepExecution step = step(execution, stepName);
		return Duration.between(step.getStartTime(), step.getEndTime());
	}

}
