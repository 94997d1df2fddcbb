package dev.assay.feeds.epss;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The EPSS snapshot that is current, as {@code assay status} shows it.
 *
 * @param modelVersion the EPSS model version, e.g. {@code v2025.03.14}
 * @param scoreDate the day the scores are for
 * @param rows CVEs with a score
 * @param fetchedAt when the file was downloaded
 * @param url where it came from, without credentials
 * @param sha256 hex SHA-256 of the downloaded file
 */
public record EpssSnapshot(String modelVersion, LocalDate scoreDate, long rows, Instant fetchedAt, String url,
		String sha256) {
}
