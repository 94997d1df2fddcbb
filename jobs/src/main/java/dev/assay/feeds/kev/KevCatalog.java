package dev.assay.feeds.kev;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A KEV catalog as read, with the field names of the JSON feed. The CSV variant carries only the
 * entries: its {@code catalogVersion}, {@code dateReleased} and {@code count} are {@code null}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record KevCatalog(String title, String catalogVersion, String dateReleased, Integer count,
		List<KevEntry> vulnerabilities) {

	/** A catalog version as shown in messages: the CSV variant has none. */
	static String shownVersion(String catalogVersion) {
		return (catalogVersion != null) ? catalogVersion : "(CSV, no version)";
	}

	/** {@code dateReleased} as an instant, {@code null} when absent; call only once it is checked. */
	Instant releasedAt() {
		return (this.dateReleased != null) ? OffsetDateTime.parse(this.dateReleased).toInstant() : null;
	}

}
