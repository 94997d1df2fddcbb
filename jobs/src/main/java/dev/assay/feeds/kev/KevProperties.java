package dev.assay.feeds.kev;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where {@code kev-ingest} gets the CISA KEV catalog; the default is in {@code application.yml}.
 *
 * @param url the catalog, {@code http(s):} or {@code file:}: the JSON feed or its CSV variant
 */
@ConfigurationProperties("assay.feeds.kev")
record KevProperties(String url) {

	KevProperties {
		if (url == null || url.isBlank()) {
			throw new IllegalArgumentException("assay.feeds.kev.url is empty; set it to the KEV catalog, e.g."
					+ " https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json");
		}
	}

}
