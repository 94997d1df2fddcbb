package dev.assay.runtime;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.assay.StatusContributor;

import org.springframework.stereotype.Component;

/**
 * The clusters part of {@code assay status}. JSON: {@code "clusters":[{"name","source",
 * "lastSuccess","stale","runningContainers","error"}]}, by name; times ISO-8601 in UTC;
 * {@code lastSuccess} {@code null} for a cluster that never answered; an empty list before any
 * cluster was read.
 */
@Component
class ClusterStatus implements StatusContributor {

	private final RuntimeStore store;

	private final RuntimeProperties properties;

	ClusterStatus(RuntimeStore store, RuntimeProperties properties) {
		this.store = store;
		this.properties = properties;
	}

	@Override
	public String path() {
		return "clusters";
	}

	@Override
	public Object status() {
		return this.store.clusters().stream().map(ClusterStatus::json).toList();
	}

	private static Map<String, Object> json(ClusterState cluster) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("name", cluster.name());
		json.put("source", cluster.source());
		json.put("lastSuccess", (cluster.lastSuccess() != null) ? cluster.lastSuccess().toString() : null);
		json.put("stale", cluster.stale());
		json.put("runningContainers", cluster.runningContainers());
		json.put("error", cluster.error());
		return json;
	}

	@Override
	public String describe() {
		List<ClusterState> clusters = this.store.clusters();
		if (clusters.isEmpty()) {
			return this.properties.enabled() ? "no cluster read yet; run: assay run runtime-reconcile"
					: "runtime view off (assay.runtime.enabled=false)";
		}
		Instant now = Instant.now();
		long stale = clusters.stream().filter(ClusterState::stale).count();
		return clusters.size() + " clusters, " + stale + " stale\n"
				+ clusters.stream().map(cluster -> describe(cluster, now)).collect(Collectors.joining("\n"));
	}

	private static String describe(ClusterState cluster, Instant now) {
		String line = cluster.name() + " (" + cluster.source() + "): " + cluster.runningContainers()
				+ " running containers";
		String snapshot = (cluster.lastSuccess() != null)
				? "snapshot of " + cluster.lastSuccess() + ", " + RuntimeReconcile.age(cluster.lastSuccess(), now) + " old"
				: "never answered";
		return line + ", " + snapshot + (cluster.stale() ? "; STALE: " + cluster.error() : "");
	}

}
