package dev.assay.export;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.assay.AssayApplication;
import dev.assay.StatusContributor;
import dev.assay.assessment.AssessmentProperties;
import dev.assay.export.ReportFile.ManifestEntry;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Writes {@code manifest.json}: the set's files with rows, bytes and SHA-256, the filters, the
 * thresholds, the feed versions (as the feeds report them for {@code assay status}), the assay
 * version and the start and end time. Written last, so it lists every other file.
 */
@Component
class Manifest {

	static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final AssessmentProperties thresholds;

	private final Map<String, StatusContributor> feeds = new HashMap<>();

	Manifest(AssessmentProperties thresholds, List<StatusContributor> statusContributors) {
		this.thresholds = thresholds;
		for (StatusContributor contributor : statusContributors) {
			if (contributor.path().startsWith("feeds.")) {
				this.feeds.put(contributor.path().substring("feeds.".length()), contributor);
			}
		}
	}

	void write(Path folder, String name, ExportFilters filters, List<ManifestEntry> files, Instant start)
			throws IOException {
		Map<String, Object> manifest = new LinkedHashMap<>();
		manifest.put("set", name);
		manifest.put("assayVersion", version());
		manifest.put("startedAt", start.toString());
		manifest.put("endedAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
		manifest.put("files", files);
		manifest.put("filters", filters.describe());
		manifest.put("thresholds",
				Map.of("warn", this.thresholds.warnThreshold(), "fail", this.thresholds.failThreshold()));
		Map<String, Object> feedVersions = new LinkedHashMap<>();
		for (String feed : List.of("epss", "kev")) {
			StatusContributor contributor = this.feeds.get(feed);
			feedVersions.put(feed, (contributor != null) ? contributor.status() : null);
		}
		manifest.put("feeds", feedVersions);
		ReportFile file = new ReportFile(folder, ExportFile.MANIFEST);
		try {
			file.writer().write(JSON.writeValueAsString(manifest));
			file.finish();
		}
		catch (IOException | RuntimeException ex) {
			file.abandon();
			throw ex;
		}
	}

	/** The version in the jar's manifest; a build run from classes has none. */
	private static String version() {
		String version = AssayApplication.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "development";
	}

}
