package dev.assay.feeds.kev;

/**
 * What loading a catalog changed.
 *
 * @param added entries new to the previous catalog, or back after a removal
 * @param removed entries of the previous catalog that the new one dropped
 * @param modified entries still listed whose fields changed
 */
record KevChanges(int added, int removed, int modified) {
}
