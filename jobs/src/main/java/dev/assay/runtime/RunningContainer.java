package dev.assay.runtime;

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

	/** The container from its status: {@code .image} and {@code .imageID} as the cluster gave them, either may be {@code null}. */
	static RunningContainer of(String namespace, String pod, String container, String image, String imageId) {
		RunningImage running = ContainerImages.of(image, imageId);
		return new RunningContainer(namespace, pod, container, (image != null) ? image : "", running,
				ContainerImages.hasDigest(running));
	}

	/** What tells one running container of a cluster from another. */
	String key() {
		return this.namespace + '\u0000' + this.pod + '\u0000' + this.container;
	}

}
