package dev.assay.runtime;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * A cluster read through its Kubernetes API with the fabric8 client: the pods of all namespaces,
 * listed in pages ({@code limit} and {@code continue}), which needs nothing but {@code list} on
 * pods. The time of the snapshot is when the listing began.
 */
final class KubeCluster implements ClusterSource {

	private final String name;

	private final Supplier<Config> config;

	private final int pageSize;

	/**
	 * @param config makes the client's configuration (from a kubeconfig, or in-cluster); called
	 * when the cluster is read, so that a broken kubeconfig fails this cluster only
	 */
	KubeCluster(String name, Supplier<Config> config, int pageSize) {
		this.name = name;
		this.config = config;
		this.pageSize = pageSize;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String kind() {
		return "API";
	}

	@Override
	public Instant read(Consumer<RunningContainer> sink) {
		Instant started = Instant.now();
		Config config = config();
		String where = "cluster " + this.name + " (" + config.getMasterUrl() + ")";
		try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
			String next = null;
			do {
				PodList page = client.pods()
					.inAnyNamespace()
					.list(new ListOptionsBuilder().withLimit((long) this.pageSize).withContinue(next).build());
				for (Pod pod : page.getItems()) {
					running(pod, sink);
				}
				next = (page.getMetadata() != null) ? page.getMetadata().getContinue() : null;
			}
			while (next != null && !next.isEmpty());
			return started;
		}
		catch (KubernetesClientException ex) {
			throw failure(where, ex);
		}
		catch (IllegalArgumentException ex) {
			throw new ClusterReadException(where + " listed " + ex.getMessage(), ex);
		}
	}

	/** The pod's running containers, by the rule of {@link PodStatuses}, read from the client's model. */
	private static void running(Pod pod, Consumer<RunningContainer> sink) {
		PodStatus status = pod.getStatus();
		if (status == null) {
			return;
		}
		String namespace = pod.getMetadata().getNamespace();
		String name = pod.getMetadata().getName();
		for (List<ContainerStatus> list : List.of(status.getContainerStatuses(), status.getInitContainerStatuses(),
				status.getEphemeralContainerStatuses())) {
			for (ContainerStatus container : list) {
				if (container.getState() != null && container.getState().getRunning() != null) {
					sink.accept(RunningContainer.of(namespace, name, container.getName(), container.getImage(),
							container.getImageID()));
				}
			}
		}
	}

	private Config config() {
		try {
			return this.config.get();
		}
		catch (RuntimeException ex) {
			throw new ClusterReadException("cluster " + this.name + ": could not configure its client: "
					+ ex.getMessage() + ". Check its kubeconfig and context.", ex);
		}
	}

	private static ClusterReadException failure(String where, KubernetesClientException ex) {
		if (ex.getCode() == 401 || ex.getCode() == 403) {
			return new ClusterReadException(where + " refused to list pods (HTTP " + ex.getCode() + "): "
					+ reason(ex) + ". Give its account 'list' on pods in all namespaces (a ClusterRole), or check"
					+ " its credentials.", ex);
		}
		if (ex.getCode() > 0) {
			return new ClusterReadException(where + " failed to list pods (HTTP " + ex.getCode() + "): " + reason(ex),
					ex);
		}
		Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
		return new ClusterReadException(where + " did not answer: " + cause.getClass().getSimpleName()
				+ ((cause.getMessage() != null) ? ": " + cause.getMessage() : "")
				+ ". Check that the API server is reachable from here (assay.runtime.request-timeout).", ex);
	}

	private static String reason(KubernetesClientException ex) {
		return (ex.getStatus() != null && ex.getStatus().getMessage() != null) ? ex.getStatus().getMessage()
				: String.valueOf(ex.getMessage());
	}

}
