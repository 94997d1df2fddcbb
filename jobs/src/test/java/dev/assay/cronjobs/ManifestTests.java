package dev.assay.cronjobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static dev.assay.cronjobs.Kustomize.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests under {@code cronjobs/}, rendered with kustomize: every rule a CronJob,
 * the RBAC, the volumes, the sharded rescan and the scheduler overlay must keep.
 */
class ManifestTests {

	@Test
	void theBaseRendersEveryFileItHolds() throws Exception {
		List<Map<String, Object>> resources = Kustomize.render("base");

		long files;
		try (Stream<Path> list = Files.list(Kustomize.ROOT.resolve("base"))) {
			files = list.map(path -> path.getFileName().toString())
				.filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
				.count();
		}
		// Every resource file, plus the ConfigMap made from application.yml.
		assertThat(resources).hasSize((int) files + 1);
		assertThat(kinds(resources)).doesNotContain("Secret");
	}

	@Test
	void everyCronJobKeepsTheRules() throws Exception {
		List<Map<String, Object>> cronJobs = ofKind(Kustomize.render("base"), "CronJob");

		assertThat(cronJobs).extracting(cronJob -> at(cronJob, "metadata.name"))
			.containsExactlyInAnyOrder("assay-kev-ingest", "assay-epss-ingest", "assay-scan-import",
					"assay-registry-rescan", "assay-runtime-reconcile", "assay-export");
		for (Map<String, Object> cronJob : cronJobs) {
			String name = at(cronJob, "metadata.name");
			Map<String, Object> job = at(cronJob, "spec.jobTemplate.spec");
			Map<String, Object> pod = at(job, "template.spec");
			Map<String, Object> container = at(pod, "containers.0");
			assertThat((String) at(cronJob, "spec.concurrencyPolicy")).as(name).isEqualTo("Forbid");
			assertThat((String) at(cronJob, "spec.timeZone")).as(name).isEqualTo("Etc/UTC");
			assertThat((Integer) at(cronJob, "spec.startingDeadlineSeconds")).as(name).isPositive();
			assertThat((Integer) at(cronJob, "spec.successfulJobsHistoryLimit")).as(name).isBetween(1, 10);
			assertThat((Integer) at(cronJob, "spec.failedJobsHistoryLimit")).as(name).isBetween(1, 10);
			assertThat((Integer) at(job, "backoffLimit")).as(name).isBetween(0, 6);
			assertThat((Integer) at(job, "activeDeadlineSeconds")).as(name).isPositive();
			assertThat((String) at(pod, "restartPolicy")).as(name).isEqualTo("Never");
			assertThat((String) at(pod, "serviceAccountName")).as(name).isEqualTo("assay");
			assertThat((List<String>) at(container, "args")).as(name).containsExactly("run", name.substring("assay-".length()));
			assertThat((String) at(container, "image")).as(name).startsWith("registry.example.com/assay:");
			assertLocked(name, pod, container);
		}
	}

	@Test
	void aJobThatFiresMoreOftenThanItMayRunIsRefused() throws Exception {
		// The deadline of a run must end before the next slot of a frequent job, or Forbid skips slots.
		Map<String, Object> reconcile = named(Kustomize.render("base"), "assay-runtime-reconcile");

		assertThat((String) at(reconcile, "spec.schedule")).isEqualTo("*/15 * * * *");
		assertThat((Integer) at(reconcile, "spec.jobTemplate.spec.activeDeadlineSeconds")).isLessThan(15 * 60);
	}

	@Test
	void cronJobSchedulesMatchTheSchedulerDefaults() throws Exception {
		Map<String, Object> defaults = new Yaml().load(Files.readString(Path.of("..", "config", "application.yml")
			.toAbsolutePath()
			.normalize()).split("\n---")[0]);
		Map<String, String> quartz = at(defaults, "assay.schedule");
		List<Map<String, Object>> cronJobs = ofKind(Kustomize.render("base"), "CronJob");

		assertThat(quartz).isNotEmpty();
		quartz.forEach((job, cron) -> {
			Map<String, Object> cronJob = named(cronJobs, "assay-" + job);
			assertThat((String) at(cronJob, "spec.schedule")).as(job).isEqualTo(fiveFields(cron));
		});
	}

	@Test
	void theServiceAccountMayListPodsAndNothingElse() throws Exception {
		List<Map<String, Object>> resources = Kustomize.render("base");

		Map<String, Object> role = ofKind(resources, "ClusterRole").get(0);
		assertThat((List<Object>) at(role, "rules")).hasSize(1);
		assertThat((List<String>) at(role, "rules.0.apiGroups")).containsExactly("");
		assertThat((List<String>) at(role, "rules.0.resources")).containsExactly("pods");
		assertThat((List<String>) at(role, "rules.0.verbs")).containsExactly("list");
		Map<String, Object> binding = ofKind(resources, "ClusterRoleBinding").get(0);
		assertThat((String) at(binding, "roleRef.name")).isEqualTo(at(role, "metadata.name"));
		assertThat((String) at(binding, "subjects.0.kind")).isEqualTo("ServiceAccount");
		assertThat((String) at(binding, "subjects.0.name")).isEqualTo(at(ofKind(resources, "ServiceAccount").get(0), "metadata.name"));
	}

	@Test
	void theConfigMapCarriesAnApplicationYmlAndTheReportVolumeIsShared() throws Exception {
		List<Map<String, Object>> resources = Kustomize.render("base");

		Map<String, Object> config = named(resources, "assay-config");
		Map<String, String> data = at(config, "data");
		Map<String, Object> yml = new Yaml().load(data.get("application.yml"));
		assertThat((String) at(yml, "spring.datasource.url")).startsWith("jdbc:mariadb://");
		assertThat(yml.toString()).doesNotContainIgnoringCase("password");
		Map<String, Object> claim = named(resources, "assay-reports");
		assertThat((List<String>) at(claim, "spec.accessModes")).containsExactly("ReadWriteMany");
		assertThat((String) at(claim, "spec.resources.requests.storage")).isNotBlank();
	}

	@Test
	void theSecretIsAnExampleWithPlaceholdersOnly() throws Exception {
		Map<String, Object> secret = new Yaml().load(Files.readString(Kustomize.ROOT.resolve("secret.example.yaml")));

		Map<String, String> values = at(secret, "stringData");
		assertThat(values).containsKeys("SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD");
		assertThat(values.values()).allMatch("CHANGE-ME"::equals);
	}

	@Test
	void theShardedRescanIsAnIndexedJobWithOneShardPerPod() throws Exception {
		List<Map<String, Object>> resources = Kustomize.render("sharded-rescan");

		Map<String, Object> job = ofKind(resources, "Job").get(0);
		Map<String, Object> pod = at(job, "spec.template.spec");
		Map<String, Object> container = at(pod, "containers.0");
		int completions = at(job, "spec.completions");
		assertThat((String) at(job, "spec.completionMode")).isEqualTo("Indexed");
		assertThat((Integer) at(job, "spec.parallelism")).isEqualTo(completions);
		assertThat((List<String>) at(container, "args")).containsExactly("run", "registry-rescan", "shard=$(SHARD)",
				"shards=" + completions);
		assertThat((String) at(container, "env.0.valueFrom.fieldRef.fieldPath"))
			.isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
		assertThat((String) at(container, "env.0.name")).isEqualTo("SHARD");
		assertLocked("sharded rescan", pod, container);
	}

	@Test
	void theSchedulerOverlayRunsTwoProbedReplicasAndNoCronJobs() throws Exception {
		List<Map<String, Object>> resources = Kustomize.render("overlays/scheduler");

		assertThat(kinds(resources)).doesNotContain("CronJob").contains("Deployment", "Service", "ConfigMap");
		Map<String, Object> deployment = ofKind(resources, "Deployment").get(0);
		Map<String, Object> pod = at(deployment, "spec.template.spec");
		Map<String, Object> container = at(pod, "containers.0");
		assertThat((Integer) at(deployment, "spec.replicas")).isEqualTo(2);
		assertThat((List<String>) at(container, "args")).containsExactly("schedule");
		assertThat((String) at(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
		assertThat((String) at(container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
		assertThat((Integer) at(container, "ports.0.containerPort")).isEqualTo(8080);
		assertThat((Integer) at(pod, "terminationGracePeriodSeconds")).isGreaterThanOrEqualTo(60);
		assertLocked("scheduler", pod, container);
	}

	/** Non-root, read-only root filesystem with a writable report volume and /tmp, requests and limits. */
	private static void assertLocked(String what, Map<String, Object> pod, Map<String, Object> container) {
		assertThat((Boolean) at(pod, "securityContext.runAsNonRoot")).as(what).isTrue();
		assertThat((Integer) at(pod, "securityContext.runAsUser")).as(what).isPositive();
		assertThat((Boolean) at(container, "securityContext.readOnlyRootFilesystem")).as(what).isTrue();
		assertThat((Boolean) at(container, "securityContext.allowPrivilegeEscalation")).as(what).isFalse();
		for (String resource : List.of("cpu", "memory")) {
			assertThat((Object) at(container, "resources.requests." + resource)).as(what + " request " + resource).isNotNull();
			assertThat((Object) at(container, "resources.limits." + resource)).as(what + " limit " + resource).isNotNull();
		}
		List<Map<String, Object>> mounts = at(container, "volumeMounts");
		List<Map<String, Object>> volumes = at(pod, "volumes");
		assertThat(volumeAt(mounts, volumes, "/tmp")).as(what + " /tmp").containsKey("emptyDir");
		assertThat((String) at(volumeAt(mounts, volumes, "/var/lib/assay"), "persistentVolumeClaim.claimName"))
			.as(what + " report volume")
			.isEqualTo("assay-reports");
		assertThat((Object) at(volumeAt(mounts, volumes, "/etc/assay"), "configMap.name")).isEqualTo("assay-config");
	}

	private static Map<String, Object> volumeAt(List<Map<String, Object>> mounts, List<Map<String, Object>> volumes,
			String path) {
		String name = mounts.stream()
			.filter(mount -> path.equals(mount.get("mountPath")))
			.map(mount -> (String) mount.get("name"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("Nothing mounted at " + path));
		return volumes.stream().filter(volume -> name.equals(volume.get("name"))).findFirst().orElseThrow();
	}

	/** A Quartz cron expression (seconds first, ? for "no day") as a five-field Kubernetes schedule. */
	private static String fiveFields(String quartz) {
		String[] fields = quartz.trim().split("\\s+");
		assertThat(fields[0]).as("seconds of " + quartz).isEqualTo("0");
		return String.join(" ", List.of(fields).subList(1, 6)).replace("?", "*");
	}

	private static List<String> kinds(List<Map<String, Object>> resources) {
		return resources.stream().map(resource -> (String) resource.get("kind")).toList();
	}

	private static List<Map<String, Object>> ofKind(List<Map<String, Object>> resources, String kind) {
		return resources.stream().filter(resource -> kind.equals(resource.get("kind"))).toList();
	}

	private static Map<String, Object> named(List<Map<String, Object>> resources, String name) {
		return resources.stream()
			.filter(resource -> name.equals(at(resource, "metadata.name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No resource " + name));
	}

}
