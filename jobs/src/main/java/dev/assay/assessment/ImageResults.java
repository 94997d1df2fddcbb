package dev.assay.assessment;

import java.util.Map;
import java.util.stream.Collectors;

import dev.assay.StatusContributor;

import org.springframework.stereotype.Component;

/** The {@code images} part of {@code assay status}: images by result. */
@Component
class ImageResults implements StatusContributor {

	private final Assessment assessment;

	ImageResults(Assessment assessment) {
		this.assessment = assessment;
	}

	@Override
	public String path() {
		return "images";
	}

	/** Counts from an up-to-date assessment: status is output too, never computed with stale rules. */
	@Override
	public Map<String, Long> status() {
		this.assessment.assessIfStale();
		return this.assessment.resultCounts();
	}

	@Override
	public String describe() {
		return status().entrySet()
			.stream()
			.map(entry -> entry.getValue() + " " + entry.getKey())
			.collect(Collectors.joining(", "));
	}

}
