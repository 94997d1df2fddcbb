package dev.assay.runtime;

import java.util.List;

/**
 * Where one image runs, as {@code assay image} shows it.
 *
 * @param clusters how many clusters run it
 * @param runningInstances how many containers run it
 * @param runningIn each of them, by cluster, namespace, pod and container
 */
public record ImageRuntime(int clusters, int runningInstances, List<Instance> runningIn) {

	/** One running container. */
	public record Instance(String cluster, String namespace, String pod, String container) {
	}

}
