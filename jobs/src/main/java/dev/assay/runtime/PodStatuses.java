package dev.assay.runtime;

import java.util.List;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;

/**
 * The running containers of one pod, from its JSON ({@code metadata} and {@code status}, as the
 * API, kubectl and the kubelet write them). A container runs when its status has
 * {@code state.running}: containers, init containers (a sidecar runs; one that ran to completion
 * does not) and ephemeral containers alike. A pod without statuses (Pending) runs nothing.
 */
final class PodStatuses {

	private static final List<String> STATUS_LISTS = List.of("containerStatuses", "initContainerStatuses",
			"ephemeralContainerStatuses");

	private PodStatuses() {
	}

	/**
	 * Hands each running container of the pod to {@code sink}.
	 * @throws IllegalArgumentException where the pod has no namespace or name, or a running
	 * container no name
	 */
	static void running(JsonNode metadata, JsonNode status, Consumer<RunningContainer> sink) {
		String namespace = text(metadata.path("namespace"));
		String pod = text(metadata.path("name"));
		if (namespace == null || pod == null) {
			throw new IllegalArgumentException("a pod without metadata.namespace or metadata.name");
		}
		for (String list : STATUS_LISTS) {
			for (JsonNode container : status.path(list)) {
				if (!container.path("state").path("running").isObject()) {
					continue;
				}
				String name = text(container.path("name"));
				if (name == null) {
					throw new IllegalArgumentException("pod " + namespace + "/" + pod + ": a running container in "
							+ "status." + list + " has no name");
				}
				sink.accept(RunningContainer.of(namespace, pod, name, text(container.path("image")),
						text(container.path("imageID"))));
			}
		}
	}

	private static String text(JsonNode node) {
		return node.isString() ? node.stringValue() : null;
	}

}
