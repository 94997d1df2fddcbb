package dev.assay.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.assay.export.Summary.Changes;
import dev.assay.export.Summary.KevHit;
import dev.assay.export.Summary.ResultChange;
import dev.assay.export.Summary.State;

/** What changed between the state of the previous report set and this one's. */
final class ChangeReport {

	private ChangeReport() {
	}

	/**
	 * @param previousSet the previous set's name, {@code null} when there is none
	 * @param previous its state, {@code null} when there is none
	 * @param current this set's state
	 * @param references the reference of each image of this set, by key
	 */
	static Changes between(String previousSet, State previous, State current, Map<String, String> references) {
		if (previous == null) {
			return new Changes(null, List.of(), List.of(), List.of());
		}
		List<String> newFails = new ArrayList<>();
		List<ResultChange> resultChanges = new ArrayList<>();
		current.results().forEach((key, result) -> {
			String before = previous.results().get(key);
			if (result.equals("FAIL") && !"FAIL".equals(before)) {
				newFails.add(references.get(key));
			}
			if (before != null && !before.equals(result)) {
				resultChanges.add(new ResultChange(references.get(key), before, result));
			}
		});
		List<KevHit> newKevHits = new ArrayList<>();
		current.kevHits().forEach((key, cves) -> {
			List<String> before = previous.kevHits().getOrDefault(key, List.of());
			for (String cve : cves) {
				if (!before.contains(cve)) {
					newKevHits.add(new KevHit(references.get(key), cve));
				}
			}
		});
		return new Changes(previousSet, newFails, newKevHits, resultChanges);
	}

}
