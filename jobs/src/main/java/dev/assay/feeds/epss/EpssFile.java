package dev.assay.feeds.epss;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One validated EPSS file.
 *
 * @param modelVersion the model version of the comment line, e.g. {@code v2025.03.14}
 * @param scoredAt the score date of the comment line
 * @param rows the valid rows, sorted by CVE
 * @param badRows how many rows were skipped as invalid
 * @param badRowSamples what was wrong with the first of them, with line numbers
 */
record EpssFile(String modelVersion, OffsetDateTime scoredAt, EpssRows rows, int badRows,
		List<String> badRowSamples) {
}
