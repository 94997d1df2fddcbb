package dev.assay.scans;

import java.util.Set;

/**
 * Image names as Docker resolves them, for comparing names that different tools write differently:
 * {@code alpine}, {@code library/alpine}, {@code docker.io/library/alpine} and
 * {@code index.docker.io/library/alpine} all name Docker Hub's {@code alpine}. Only for comparing;
 * stored names stay as their source wrote them.
 */
final class DockerNames {

	private static final Set<String> DOCKER_HUB = Set.of("", "docker.io", "index.docker.io", "registry-1.docker.io");

	private DockerNames() {
	}

	/** {@code registry/repository}, with Docker Hub's host left out and its {@code library/} prefix dropped. */
	static String normalize(String registry, String repository) {
		if (DOCKER_HUB.contains(registry)) {
			return repository.startsWith("library/") ? repository.substring("library/".length()) : repository;
		}
		return registry + "/" + repository;
	}

	/** The repository alone, compared where one side names no registry: {@code library/} dropped. */
	static String repositoryOnly(String repository) {
		return repository.startsWith("library/") ? repository.substring("library/".length()) : repository;
	}

}
