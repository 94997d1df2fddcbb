package dev.assay.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pod lists written for tests, in the shape of {@code kubectl get pods -A -o json}: each pod with
 * one container status per container.
 */
final class PodLists {

	private static final JsonMapper MAPPER = JsonMapper.shared();

	private final List<ObjectNode> pods = new ArrayList<>();

	/** A digest made from a hex digit, e.g. {@code sha256:aaaa...}. */
	static String digest(char letter) {
		return "sha256:" + String.valueOf(letter).repeat(64);
	}

	/** Adds a pod with one running container {@code app}. */
	PodLists running(String namespace, String pod, String image, String imageId) {
		return pod(namespace, pod, new Container("app", image, imageId, "running"));
	}

	PodLists pod(String namespace, String pod, Container... containers) {
		ObjectNode node = MAPPER.createObjectNode();
		node.put("apiVersion", "v1");
		node.put("kind", "Pod");
		node.putObject("metadata").put("name", pod).put("namespace", namespace);
		ArrayNode specContainers = node.putObject("spec").putArray("containers");
		ArrayNode statuses = node.putObject("status").put("phase", "Running").putArray("containerStatuses");
		for (Container container : containers) {
			specContainers.addObject().put("name", container.name()).put("image", container.image());
			ObjectNode status = statuses.addObject()
				.put("name", container.name())
				.put("image", container.image())
				.put("imageID", container.imageId());
			status.putObject("state").putObject(container.state()).put("startedAt", "2026-11-01T10:00:00Z");
		}
		this.pods.add(node);
		return this;
	}

	/** Writes the list as {@code <dir>/<name>} and returns the file. */
	Path write(Path dir, String name) {
		ObjectNode list = MAPPER.createObjectNode();
		list.put("apiVersion", "v1");
		list.putArray("items").addAll(this.pods);
		list.put("kind", "List");
		list.putObject("metadata").put("resourceVersion", "");
		try {
			Files.createDirectories(dir);
			return Files.writeString(dir.resolve(name), MAPPER.writeValueAsString(list));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A container and its state: {@code running}, {@code waiting} or {@code terminated}. */
	record Container(String name, String image, String imageId, String state) {
	}

}
