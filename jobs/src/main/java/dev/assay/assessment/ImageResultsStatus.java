package dev.assay.assessment;

import java.util.Map;
import java.util.stream.Collectors;

import dev.assay.StatusContributor;

import org.springframework.stereotype.Component;

/**
 * The images part of {@code assay status}: how many images have each result. JSON:
 * {@code {"PASS":n,"WARN":n,"FAIL":n,"UNKNOWN":n}}, every key present.
 */
@Component
class ImageResultsStatus implements StatusContributor {

	private final Assessment assessment;

	ImageResultsStatus(Assessment assessment) {
		this.assessment = assessment;
	}

	@Override
	public String path() {
		return "images";
	}

	/** Counts from an up-to-date assessment: status is output too, never computed with stale rules. */
	@Override
	public Object status() {
		this.assessment.assessIfStale();
		return this.assessment.resultCounts();
	}

	@Override
	public String describe() {
		this.assessment.assessIfStale();
		Map<Result, Long> counts = this.assessment.resultCounts();
		return counts.entrySet()
			.stream()
			.map(entry -> entry.getValue() + " " + entry.getKey())
			.collect(Collectors.joining(", "));
	}

}
