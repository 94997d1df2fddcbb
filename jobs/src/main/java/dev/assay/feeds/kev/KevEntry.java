package dev.assay.feeds.kev;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One vulnerability of the KEV catalog, with the field names of the feed. Any field may be
 * {@code null} as read; {@link KevCatalogRules} says which ones must be there.
 * {@code knownRansomwareCampaignUse} and {@code cwes} came later: the 2023.04.10 catalog has neither.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record KevEntry(String cveID, String vendorProject, String product, String vulnerabilityName, String dateAdded,
		String shortDescription, String requiredAction, String dueDate, String knownRansomwareCampaignUse,
		String notes, List<String> cwes) {

}
