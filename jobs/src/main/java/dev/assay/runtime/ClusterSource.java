package dev.assay.runtime;

import java.time.Instant;
import java.util.function.Consumer;

/** Where one cluster's running containers come from: its API or its newest snapshot file. */
interface ClusterSource {

	/** The cluster's name in assay. */
	String name();

	/** {@code API} or {@code SNAPSHOT}, as {@code runtime_cluster.source} keeps it. */
	String kind();

	/**
	 * Reads the cluster's pods and hands every running container to {@code sink}.
	 * @return the time of what was read: when the API answered, or the snapshot file's time
	 * @throws ClusterReadException when the cluster cannot be read; {@code sink} may have had some
	 * containers by then
	 */
	Instant read(Consumer<RunningContainer> sink);

}
