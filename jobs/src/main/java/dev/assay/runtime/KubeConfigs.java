package dev.assay.runtime;

import java.nio.file.Files;
import java.nio.file.Path;

import io.fabric8.kubernetes.client.Config;

/**
 * The fabric8 client configuration of one {@link RuntimeProperties.Cluster}: its kubeconfig file
 * and context, or the service account of the pod assay runs in, with assay's timeouts and retries.
 * TLS verification stays as the kubeconfig says.
 */
final class KubeConfigs {

	private KubeConfigs() {
	}

	static Config of(RuntimeProperties.Cluster cluster, RuntimeProperties properties, Path home) {
		Config config;
		if (cluster.inCluster()) {
			// fabric8's auto-configuration, as in a pod: the mounted service account token, which it re-reads when it rotates.
			config = Config.autoConfigure(null);
		}
		else {
			Path file = home.resolve(cluster.kubeconfig()).toAbsolutePath().normalize();
			if (!Files.isRegularFile(file)) {
				throw new IllegalArgumentException("the kubeconfig " + file + " does not exist");
			}
			config = Config.fromKubeconfig(cluster.context(), file.toFile());
			if (cluster.context() != null && (config.getCurrentContext() == null
					|| !cluster.context().equals(config.getCurrentContext().getName()))) {
				throw new IllegalArgumentException("the kubeconfig " + file + " has no context " + cluster.context());
			}
		}
		config.setConnectionTimeout(Math.toIntExact(properties.connectTimeout().toMillis()));
		config.setRequestTimeout(Math.toIntExact(properties.requestTimeout().toMillis()));
		config.setRequestRetryBackoffLimit(properties.requestRetries());
		return config;
	}

}
