package dev.assay.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.assay.AssayHome;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the runtime view ({@code assay.runtime.*}). Checked when assay starts: a cluster
 * without a name, or with neither a kubeconfig nor {@code in-cluster=true}, refuses the start.
 *
 * @param enabled whether {@code runtime-reconcile} reads clusters at all (off by default)
 * @param snapshotsDir the folder holding one folder of pod list files per cluster; relative paths
 * are under {@code assay.home}
 * @param excludeNamespaces namespaces whose pods are left out, of every cluster
 * @param clusters the clusters read through the Kubernetes API
 * @param connectTimeout API: time to connect
 * @param requestTimeout API: longest wait for one page of pods
 * @param requestRetries API: retries of a failed request (I/O errors and 5xx), with fabric8's back-off
 * @param pageSize API: pods asked for per page ({@code limit})
 */
@ConfigurationProperties("assay.runtime")
record RuntimeProperties(@DefaultValue("false") boolean enabled, @DefaultValue("runtime") Path snapshotsDir,
		@DefaultValue List<String> excludeNamespaces, @DefaultValue List<Cluster> clusters,
		@DefaultValue("10s") Duration connectTimeout, @DefaultValue("60s") Duration requestTimeout,
		@DefaultValue("2") int requestRetries, @DefaultValue("500") int pageSize) {

	/** Cluster names become folder names and appear in reports: no path separators, no spaces. */
	static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

	RuntimeProperties {
		excludeNamespaces = List.copyOf(excludeNamespaces);
		clusters = List.copyOf(clusters);
		Set<String> names = new HashSet<>();
		for (int i = 0; i < clusters.size(); i++) {
			Cluster cluster = clusters.get(i);
			String property = "assay.runtime.clusters[" + i + "]";
			if (cluster.name() == null || !CLUSTER_NAME.matcher(cluster.name()).matches()) {
				throw new IllegalArgumentException(property + ".name is '" + cluster.name()
						+ "'; give each cluster a name of letters, digits, '.', '_' and '-' (at most 128)");
			}
			if (!names.add(cluster.name())) {
				throw new IllegalArgumentException(property + ".name '" + cluster.name() + "' is given twice");
			}
			if (cluster.inCluster() == (cluster.kubeconfig() != null)) {
				throw new IllegalArgumentException(property + " (" + cluster.name()
						+ ") needs either .kubeconfig (with an optional .context) or .in-cluster=true, not both");
			}
		}
		if (pageSize < 1) {
			throw new IllegalArgumentException("assay.runtime.page-size is " + pageSize + "; it must be 1 or more");
		}
		if (requestRetries < 0) {
			throw new IllegalArgumentException(
					"assay.runtime.request-retries is " + requestRetries + "; it must be 0 or more");
		}
	}

	/** The snapshots folder as an absolute path. */
	Path snapshotsFolder(AssayHome home) {
		return home.home().resolve(this.snapshotsDir).toAbsolutePath().normalize();
	}

	/**
	 * One cluster read through the Kubernetes API.
	 *
	 * @param name the cluster's name in assay
	 * @param kubeconfig the kubeconfig file; relative paths are under {@code assay.home}
	 * @param context the kubeconfig context; its current context when {@code null}
	 * @param inCluster whether to use the service account of the pod assay runs in instead
	 */
	record Cluster(String name, Path kubeconfig, String context, @DefaultValue("false") boolean inCluster) {
	}

}
