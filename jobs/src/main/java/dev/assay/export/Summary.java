package dev.assay.export;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * What {@code summary.json} holds and {@code summary.html} shows, for the images a report set
 * exports. Result counts always name all four results.
 *
 * @param set the report set's name
 * @param images how many images the set exports
 * @param byResult images per result
 * @param byRegistry images per registry and result
 * @param byNamespace running images (and their containers) per cluster, namespace and result
 * @param riskiestRepositories the five repositories with the most FAIL images (at least one)
 * @param riskiestNamespaces the five namespaces running the most FAIL images (at least one)
 * @param fixFirst the twenty findings of running images to fix first: KEV first, then EPSS x CVSS
 * @param changes what changed since the previous report set
 * @param state what the next set's change report compares with
 */
record Summary(String set, long images, Map<String, Long> byResult, List<RegistryCounts> byRegistry,
		List<NamespaceCounts> byNamespace, List<RiskyRepository> riskiestRepositories,
		List<RiskyNamespace> riskiestNamespaces, List<FixFirst> fixFirst, Changes changes, State state) {

	record RegistryCounts(String registry, long images, Map<String, Long> results) {
	}

	record NamespaceCounts(String cluster, String namespace, long images, long containers,
			Map<String, Long> results) {
	}

	record RiskyRepository(String registry, String repository, long fail, long images) {
	}

	record RiskyNamespace(String cluster, String namespace, long fail, long images) {
	}

	record FixFirst(String image, String cve, String packageName, String installedVersion, String fixedVersion,
			BigDecimal cvss, Double epss, boolean kev, long runningInstances) {
	}

	/**
	 * @param previous the set compared with, {@code null} for the first set
	 * @param newFails images that FAIL now and did not in the previous set (or were not in it)
	 * @param newKevHits KEV findings (not excepted) of images that did not have them in the previous set
	 * @param resultChanges images in both sets whose result changed
	 */
	record Changes(String previous, List<String> newFails, List<KevHit> newKevHits,
			List<ResultChange> resultChanges) {
	}

	record KevHit(String image, String cve) {
	}

	record ResultChange(String image, String from, String to) {
	}

	/**
	 * @param results the result of each exported image, by {@link ImageRef#key}
	 * @param kevHits the KEV CVEs (not excepted) of each exported image that has any, by key
	 */
	record State(Map<String, String> results, Map<String, List<String>> kevHits) {
	}

}
