package dev.assay.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.assay.AssayApplication;
import dev.assay.testing.Cli;
import dev.assay.testing.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How running images find the images assay scanned: by digest, then by name as Docker resolves it,
 * then in a report that named no registry; anything else is a new image, not scanned, and those
 * with a repository digest are what a rescan gets ({@link RunningImages#unscannedDigestReferences}).
 */
class RunningImageMatchTests {

	private static final String APP = PodLists.digest('a');

	private static final String ALPINE = PodLists.digest('b');

	private static final String TOOL = PodLists.digest('c');

	private static final String NEW = PodLists.digest('e');

	private static final String CONFIG_ID = PodLists.digest('f');

	@TempDir
	Path home;

	@Test
	void runningImagesAreMatchedToScannedOnesByDigestAndTheRestQueuedForAScan() throws IOException {
		Cli cli = new Cli("runtime_match", this.home);
		Sql sql = new Sql(cli.jdbcUrl());
		Path reports = this.home.resolve("reports");
		report(reports, "app.json", "registry.example.com/team/app:1.0", "registry.example.com/team/app@" + APP);
		report(reports, "alpine.json", "alpine:3.20", "alpine@" + ALPINE);
		report(reports, "tool.json", "org/tool:1", "org/tool@" + TOOL);
		Cli.Result imported = cli.run("run", "scan-import", "dir=" + reports);
		assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
		new PodLists().running("web", "app-1", "registry.example.com/team/app:1.0", "registry.example.com/team/app@" + APP)
			.running("web", "alpine-1", "docker.io/library/alpine:3.20", "docker.io/library/alpine@" + ALPINE)
			.running("web", "tool-1", "ghcr.io/org/tool:1", "ghcr.io/org/tool@" + TOOL)
			.running("web", "copy-1", "quay.io/other/app:1.0", "quay.io/other/app@" + APP)
			.running("web", "new-1", "quay.io/x/new:2", "quay.io/x/new@" + NEW)
			.running("web", "new-2", "quay.io/x/new:2", "quay.io/x/new@" + NEW)
			.running("kube-system", "etcd-1", "registry.k8s.io/etcd:3.5", CONFIG_ID)
			.write(this.home.resolve("runtime/prod"), "pods.json");

		Cli.Result result = cli.run("run", "runtime-reconcile", "--assay.runtime.enabled=true");

		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(sql.rows("""
				SELECT c.pod, i.registry, i.repository, i.digest, i.scan_status FROM runtime_container c
				JOIN image i ON i.id = c.image_id ORDER BY c.pod""")).containsExactly(
				List.of("alpine-1", "", "alpine", ALPINE, "SCANNED"),
				List.of("app-1", "registry.example.com", "team/app", APP, "SCANNED"),
				List.of("copy-1", "quay.io", "other/app", APP, "NOT_SCANNED"),
				List.of("etcd-1", "registry.k8s.io", "etcd", CONFIG_ID, "NOT_SCANNED"),
				List.of("new-1", "quay.io", "x/new", NEW, "NOT_SCANNED"),
				List.of("new-2", "quay.io", "x/new", NEW, "NOT_SCANNED"),
				List.of("tool-1", "", "org/tool", TOOL, "SCANNED"));
		assertThat(sql.count("SELECT COUNT(*) FROM image")).isEqualTo(6);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AssayApplication.class).run(
				"--spring.datasource.url=" + cli.jdbcUrl(), "--spring.datasource.username=root",
				"--assay.home=" + this.home)) {
			assertThat(context.getBean(RunningImages.class).unscannedDigestReferences())
				.containsExactly("quay.io/other/app@" + APP, "quay.io/x/new@" + NEW);
		}
		JsonNode view = JsonMapper.shared()
			.readTree(cli.run("image", "registry.example.com/team/app@" + APP, "--json").out());
		assertThat(view.get("clusters").intValue()).isEqualTo(1);
		assertThat(view.get("runningInstances").intValue()).isEqualTo(1);
		assertThat(view.get("runningIn").get(0).get("pod").stringValue()).isEqualTo("app-1");
	}

	/** A Grype report of one image, one finding. */
	private static void report(Path dir, String file, String userInput, String repoDigest) throws IOException {
		Files.createDirectories(dir);
		Files.writeString(dir.resolve(file), """
				{"matches": [{"vulnerability": {"id": "CVE-2024-0001", "severity": "High", "cvss": [{"source": "nvd@nist.gov",
				   "version": "3.1", "vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", "metrics": {"baseScore": 7.5}}]},
				  "artifact": {"name": "openssl", "version": "1.1", "type": "deb"}}],
				 "source": {"type": "image", "target": {"userInput": "%s", "repoDigests": ["%s"], "tags": ["%s"]}},
				 "distro": {"name": "debian", "version": "12"},
				 "descriptor": {"name": "grype", "version": "0.99.0", "timestamp": "2026-11-01T10:00:00Z"}}"""
			.formatted(userInput, repoDigest, userInput));
	}

}
