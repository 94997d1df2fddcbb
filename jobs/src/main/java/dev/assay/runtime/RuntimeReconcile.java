package dev.assay.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import dev.assay.AssayHome;
import dev.assay.scans.RunningImage;
import dev.assay.scans.RunningImageCatalog;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Brings the runtime view up to date: reads every cluster (those of {@code assay.runtime.clusters}
 * through their API, then one per folder of {@code assay.runtime.snapshots-dir}), one after the
 * other, and replaces the running containers of each that answered ({@link RuntimeStore}). A
 * cluster that fails is marked stale and keeps its rows; the others go on. The images they run are
 * matched to assay's images, and those never seen are created as not scanned
 * ({@link RunningImageCatalog}). Memory holds two clusters' containers at most.
 */
@Component
class RuntimeReconcile {

	private static final Logger log = LoggerFactory.getLogger(RuntimeReconcile.class);

	private final RuntimeProperties properties;

	private final AssayHome home;

	private final RuntimeStore store;

	private final RunningImageCatalog catalog;

	RuntimeReconcile(RuntimeProperties properties, AssayHome home, RuntimeStore store, RunningImageCatalog catalog) {
		this.properties = properties;
		this.home = home;
		this.store = store;
		this.catalog = catalog;
	}

	/**
	 * Reads every cluster and writes what each gave; see the class comment. The next cluster is
	 * read on a thread of its own while this one is written, so parsing and the database work at
	 * once; at most two clusters' containers are held.
	 */
	ReconcileResult reconcile() {
		Sources sources = sources();
		Set<String> excluded = Set.copyOf(this.properties.excludeNamespaces());
		Map<RunningImage, Long> imageIds = new HashMap<>();
		ReconcileResult result = new ReconcileResult(sources.notes());
		List<ClusterSource> clusters = sources.clusters();
		ExecutorService reader = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "runtime-read"));
		try {
			Future<Read> next = clusters.isEmpty() ? null : reader.submit(() -> read(clusters.get(0), excluded));
			for (int i = 0; i < clusters.size(); i++) {
				Read current = next.get();
				if (i + 1 < clusters.size()) {
					ClusterSource following = clusters.get(i + 1);
					next = reader.submit(() -> read(following, excluded));
				}
				write(current, imageIds, result);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("runtime-reconcile was interrupted", ex);
		}
		catch (ExecutionException ex) {
			// read() turns every failure of a cluster into a Read; anything else is a bug.
			throw new IllegalStateException("Reading a cluster failed: " + ex.getCause().getMessage(), ex.getCause());
		}
		finally {
			reader.shutdownNow();
		}
		List<String> read = clusters.stream().map(ClusterSource::name).toList();
		result.forgotten(this.store.forgotten(read, "no longer configured: not in assay.runtime.clusters and no folder in "
				+ snapshotsFolder() + "; its last snapshot is kept"));
		return result;
	}

	/** The cluster's running containers outside the excluded namespaces, or why they could not be read. */
	private static Read read(ClusterSource cluster, Set<String> excluded) {
		Map<String, RunningContainer> containers = new LinkedHashMap<>();
		try {
			Instant time = cluster.read(container -> {
				if (!excluded.contains(container.namespace())) {
					containers.put(container.key(), container);
				}
			});
			return new Read(cluster, time, containers.values(), null);
		}
		catch (ClusterReadException | KubernetesClientException ex) {
			return new Read(cluster, null, List.of(), ex.getMessage());
		}
	}

	private void write(Read read, Map<RunningImage, Long> imageIds, ReconcileResult result) {
		ClusterSource cluster = read.cluster();
		if (read.error() != null) {
			log.warn("Cluster {} failed: {}", cluster.name(), read.error());
			Instant kept = this.store.failed(cluster, read.error());
			result.failed(cluster.name(), read.error(), kept);
			return;
		}
		List<RunningImage> unknown = read.containers()
			.stream()
			.map(RunningContainer::image)
			.filter(image -> !imageIds.containsKey(image))
			.distinct()
			.toList();
		if (!unknown.isEmpty()) {
			imageIds.putAll(this.catalog.idsOf(unknown));
		}
		RuntimeStore.Change change = this.store.replace(cluster, read.time(), read.containers(), imageIds);
		result.succeeded(cluster.name(), read.containers().size(), change);
	}

	private Path snapshotsFolder() {
		return this.properties.snapshotsFolder(this.home);
	}

	/** The API clusters, then the snapshot folders that do not share a name with one of them. */
	private Sources sources() {
		List<ClusterSource> clusters = new ArrayList<>();
		List<String> notes = new ArrayList<>();
		for (RuntimeProperties.Cluster cluster : this.properties.clusters()) {
			clusters.add(new KubeCluster(cluster.name(),
					() -> KubeConfigs.of(cluster, this.properties, this.home.home()), this.properties.pageSize()));
		}
		Path folder = snapshotsFolder();
		if (Files.isDirectory(folder)) {
			try (Stream<Path> folders = Files.list(folder)) {
				for (Path dir : folders.filter(Files::isDirectory).sorted().toList()) {
					String name = dir.getFileName().toString();
					if (name.startsWith(".")) {
						continue;
					}
					if (!RuntimeProperties.CLUSTER_NAME.matcher(name).matches()) {
						notes.add("folder " + dir + " left out: a cluster name is letters, digits, '.', '_' and '-'");
					}
					else if (clusters.stream().anyMatch(api -> api.name().equals(name))) {
						notes.add("folder " + dir + " left out: cluster " + name + " is read through its API");
					}
					else {
						clusters.add(new SnapshotCluster(name, dir));
					}
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not list the snapshots folder " + folder + ": " + ex.getMessage(),
						ex);
			}
		}
		return new Sources(clusters, notes);
	}

	/** How old a snapshot is, for messages: {@code 3h 5m}. */
	static String age(Instant since, Instant now) {
		Duration age = Duration.between(since, now);
		if (age.toDays() > 0) {
			return age.toDays() + "d " + age.toHoursPart() + "h";
		}
		if (age.toHours() > 0) {
			return age.toHours() + "h " + age.toMinutesPart() + "m";
		}
		return age.toMinutes() + "m " + age.toSecondsPart() + "s";
	}

	private record Sources(List<ClusterSource> clusters, List<String> notes) {
	}

	/** One cluster as read: its containers and the snapshot's time, or the error that failed it. */
	private record Read(ClusterSource cluster, Instant time, Collection<RunningContainer> containers, String error) {
	}

}
