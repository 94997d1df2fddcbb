package dev.assay.runtime;

import java.util.regex.Pattern;

import dev.assay.scans.RunningImage;

/**
 * One running instance: a container whose state is {@code running}, in one pod of one namespace.
 *
 * @param namespace the pod's namespace
 * @param pod the pod's name
 * @param container the container's name
 * @param imageRef the container's {@code .image} as the cluster reports it
 * @param image the image it runs, as far as the cluster says
 * @param digestKnown whether {@code .imageID} gave a repository digest
 */
record RunningContainer(String namespace, String pod, String container, String imageRef, RunningImage image,
		boolean digestKnown) {

	/** Kubernetes object names: ASCII, as long as {@code runtime_container}'s columns (namespace and container 63, pod 253). */
	private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

	/** The width of {@code runtime_container.image_ref}. */
	private static final int MAX_IMAGE_REF = 1024;

	/**
	 * The container from its status: {@code .image} and {@code .imageID} as the cluster gave them,
	 * either may be {@code null}.
	 * @throws IllegalArgumentException where a name is no Kubernetes name
	 */
	static RunningContainer of(String namespace, String pod, String container, String image, String imageId) {
		check("namespace", namespace, 63);
		check("pod name", pod, 253);
		check("container name", container, 63);
		RunningImage running = ContainerImages.of(image, imageId);
		String ref = (image != null) ? image : "";
		return new RunningContainer(namespace, pod, container,
				(ref.length() <= MAX_IMAGE_REF) ? ref : ref.substring(0, MAX_IMAGE_REF), running,
				ContainerImages.hasDigest(running));
	}

	private static void check(String what, String name, int maxLength) {
		if (name == null || name.length() > maxLength || !NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("a pod whose " + what + " '" + name
					+ "' is no Kubernetes name (lower-case letters, digits, '-' and '.', at most " + maxLength + ")");
		}
	}

	/** What tells one running container of a cluster from another. */
	String key() {
		return this.namespace + '\u0000' + this.pod + '\u0000' + this.container;
	}

}
