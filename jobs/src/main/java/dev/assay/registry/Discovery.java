package dev.assay.registry;

import java.util.List;

/**
 * What one registry holds, as one run read it.
 *
 * @param repositories repositories read
 * @param tags tags seen
 * @param images the distinct digests, with their tags
 * @param skipped what could not be taken, each with why (a name that is no valid reference)
 */
record Discovery(int repositories, int tags, List<DiscoveredImage> images, List<String> skipped) {
}
