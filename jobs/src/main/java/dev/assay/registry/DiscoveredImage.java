package dev.assay.registry;

import java.util.List;

/**
 * One digest of a repository as a registry serves it now, with the tags that point at it.
 *
 * @param repository the repository, e.g. {@code team/app}
 * @param digest the manifest or index digest
 * @param tags the tags, sorted
 */
record DiscoveredImage(String repository, String digest, List<String> tags) {
}
