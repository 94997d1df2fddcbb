package dev.assay.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

import dev.assay.testing.Cli;
import dev.assay.testing.Sql;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code runtime-reconcile} through the Kubernetes API, against fabric8's mock API server (CRUD
 * mode, with expectations where a page token or a refusal is needed) reached through kubeconfig
 * files, as a user would configure it.
 */
class KubeApiTests {

	private static final String TOKEN = "kube-token-that-must-never-show";

	@TempDir
	Path home;

	private final List<KubernetesMockServer> servers = new ArrayList<>();

	Cli cli;

	Sql sql;

	@BeforeEach
	void database() {
		this.cli = new Cli("runtime_api", this.home);
		this.sql = new Sql(this.cli.jdbcUrl());
	}

	@AfterEach
	void stopServers() {
		this.servers.forEach(KubernetesMockServer::destroy);
	}

	@Test
	void podsOfEveryNamespaceAreListedInPagesOfTheConfiguredSize() throws Exception {
		KubernetesMockServer server = server();
		try (KubernetesClient client = server.createClient()) {
			create(client, pod("web", "front-1", "running", "nginx@" + PodLists.digest('a')));
			create(client, pod("web", "front-2", "running", "nginx@" + PodLists.digest('a')));
			create(client, pod("jobs", "worker-1", "running", "ghcr.io/org/worker@" + PodLists.digest('b')));
			create(client, pod("jobs", "batch-1", "terminated", "ghcr.io/org/worker@" + PodLists.digest('b')));
			create(client, new PodBuilder().withNewMetadata().withNamespace("ops").withName("pending-1").endMetadata()
				.withNewStatus().withPhase("Pending").endStatus().build());
			create(client, pod("kube-system", "dns-1", "running", "coredns@" + PodLists.digest('c')));
		}
		Cli.Result result = this.cli.run("run", "runtime-reconcile", "--assay.runtime.enabled=true",
				"--assay.runtime.page-size=2", "--assay.runtime.exclude-namespaces=kube-system",
				"--assay.runtime.clusters[0].name=prod", "--assay.runtime.clusters[0].kubeconfig=kube/prod.yaml",
				"--assay.runtime.clusters[0].context=prod-admin", kubeconfig("kube/prod.yaml", "prod-admin", server.url("/")));

		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(this.sql.rows("SELECT cluster, namespace, pod, container FROM runtime_container ORDER BY namespace, pod"))
			.containsExactly(List.of("prod", "jobs", "worker-1", "app"), List.of("prod", "web", "front-1", "app"),
					List.of("prod", "web", "front-2", "app"));
		assertThat(this.sql.rows("SELECT source, stale FROM runtime_cluster")).containsExactly(List.of("API", false));
		List<String> paths = new ArrayList<>();
		// The CRUD server answers every list whole; what is checked here is that the client asked in pages.
		for (int i = 0; i < server.getRequestCount(); i++) {
			paths.add(server.takeRequest(1, TimeUnit.SECONDS).getPath());
		}
		assertThat(paths).contains("/api/v1/pods?limit=2");
	}

	@Test
	void aContinueTokenFetchesTheNextPage() {
		KubernetesMockServer server = server();
		server.expect().get().withPath("/api/v1/pods?limit=2").andReturn(200, new PodListBuilder()
			.withNewMetadata().withContinue("page-2").endMetadata()
			.withItems(pod("web", "front-1", "running", "nginx@" + PodLists.digest('a')),
					pod("web", "front-2", "running", "nginx@" + PodLists.digest('a')))
			.build()).once();
		server.expect().get().withPath("/api/v1/pods?continue=page-2&limit=2").andReturn(200, new PodListBuilder()
			.withNewMetadata().endMetadata()
			.withItems(pod("web", "front-3", "running", "nginx@" + PodLists.digest('a')))
			.build()).once();

		Cli.Result result = this.cli.run("run", "runtime-reconcile", "--assay.runtime.enabled=true",
				"--assay.runtime.page-size=2", "--assay.runtime.clusters[0].name=prod",
				"--assay.runtime.clusters[0].kubeconfig=kube/prod.yaml", kubeconfig("kube/prod.yaml", "prod", server.url("/")));

		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(this.sql.rows("SELECT pod FROM runtime_container ORDER BY pod"))
			.containsExactly(List.of("front-1"), List.of("front-2"), List.of("front-3"));
	}

	@Test
	void refusingSilentAndMisconfiguredClustersFailAloneAndKeepTheirRows() throws IOException {
		// given: both had answered before, as snapshot folders of the same names
		new PodLists().running("web", "front-1", "nginx:1", "nginx@" + PodLists.digest('a'))
			.write(this.home.resolve("runtime/forbidden"), "pods.json");
		new PodLists().running("web", "front-9", "nginx:1", "nginx@" + PodLists.digest('a'))
			.write(this.home.resolve("runtime/silent"), "pods.json");
		Cli.Result first = this.cli.run("run", "runtime-reconcile", "--assay.runtime.enabled=true");
		assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
		KubernetesMockServer ok = server();
		try (KubernetesClient client = ok.createClient()) {
			create(client, pod("web", "front-1", "running", "nginx@" + PodLists.digest('a')));
		}
		KubernetesMockServer forbidden = server();
		forbidden.expect().get().withPath("/api/v1/pods?limit=500").andReturn(403, new StatusBuilder()
			.withStatus("Failure").withReason("Forbidden").withCode(403)
			.withMessage("pods is forbidden: User \"system:serviceaccount:assay:assay\" cannot list resource \"pods\"")
			.build()).always();

		Cli.Result result;
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			result = this.cli.run("run", "runtime-reconcile", "--assay.runtime.enabled=true",
					"--assay.runtime.request-timeout=1s", "--assay.runtime.connect-timeout=1s",
					"--assay.runtime.request-retries=0",
					"--assay.runtime.clusters[0].name=ok", "--assay.runtime.clusters[0].kubeconfig=kube/ok.yaml",
					"--assay.runtime.clusters[1].name=forbidden", "--assay.runtime.clusters[1].kubeconfig=kube/forbidden.yaml",
					"--assay.runtime.clusters[2].name=silent", "--assay.runtime.clusters[2].kubeconfig=kube/silent.yaml",
					"--assay.runtime.clusters[3].name=missing", "--assay.runtime.clusters[3].kubeconfig=kube/missing.yaml",
					kubeconfig("kube/ok.yaml", "ok", ok.url("/")),
					kubeconfig("kube/forbidden.yaml", "forbidden", forbidden.url("/")),
					kubeconfig("kube/silent.yaml", "silent", "http://127.0.0.1:" + silent.getLocalPort() + "/"));
		}

		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(result.out()).contains("4 read, 1 answered, 3 failed (forbidden, silent, missing)")
			.contains("cluster missing failed, has no snapshot yet: cluster missing: could not configure its client: the"
					+ " kubeconfig " + this.home.resolve("kube/missing.yaml") + " does not exist")
			.contains("cluster forbidden (" + forbidden.url("/") + ") refused to list pods (HTTP 403): pods is forbidden")
			.contains("cluster silent (http://127.0.0.1:")
			.contains("did not answer")
			.contains("left out: cluster forbidden is read through its API");
		assertThat(result.out() + result.err()).doesNotContain(TOKEN);
		assertThat(this.sql.rows("SELECT cluster, pod FROM runtime_container ORDER BY cluster"))
			.containsExactly(List.of("forbidden", "front-1"), List.of("ok", "front-1"), List.of("silent", "front-9"));
		JsonNode clusters = JsonMapper.shared().readTree(this.cli.run("status", "--json").out()).get("clusters");
		assertThat(clusters).extracting(cluster -> cluster.get("name").stringValue() + " "
				+ cluster.get("source").stringValue() + " " + cluster.get("stale").booleanValue())
			.containsExactly("forbidden API true", "missing API true", "ok API false", "silent API true");
		assertThat(clusters.get(0).get("lastSuccess").isNull()).isFalse();
		assertThat(Instant.parse(clusters.get(0).get("lastSuccess").stringValue())).isBefore(Instant.now());
		assertThat(clusters.toString()).doesNotContain(TOKEN);
	}

	private KubernetesMockServer server() {
		Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
		KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
				new KubernetesMixedDispatcher(responses), false);
		server.init();
		this.servers.add(server);
		return server;
	}

	private static void create(KubernetesClient client, Pod pod) {
		client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
	}

	private static Pod pod(String namespace, String name, String state, String imageId) {
		ContainerStatusBuilder status = new ContainerStatusBuilder().withName("app")
			.withImage(imageId.substring(0, imageId.indexOf('@')) + ":1")
			.withImageID(imageId);
		status = state.equals("running") ? status.withNewState().withNewRunning().withStartedAt("2026-11-01T10:00:00Z")
			.endRunning().endState()
				: status.withNewState().withNewTerminated().withExitCode(0).endTerminated().endState();
		return new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
			.withNewSpec().addNewContainer().withName("app").withImage(imageId.substring(0, imageId.indexOf('@')) + ":1")
			.endContainer().endSpec()
			.withNewStatus().withPhase("Running").withContainerStatuses(status.build()).endStatus()
			.build();
	}

	/** Writes a kubeconfig under assay.home with one context, a token user, and returns no argument. */
	private String kubeconfig(String relative, String context, String server) {
		Path file = this.home.resolve(relative);
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, """
					apiVersion: v1
					kind: Config
					clusters:
					- name: %1$s-cluster
					  cluster:
					    server: %2$s
					users:
					- name: %1$s-user
					  user:
					    token: %3$s
					contexts:
					- name: %1$s
					  context:
					    cluster: %1$s-cluster
					    user: %1$s-user
					current-context: %1$s
					""".formatted(context, server.replaceAll("/$", ""), TOKEN));
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return "--assay.runtime.exclude-namespaces=";
	}

}
