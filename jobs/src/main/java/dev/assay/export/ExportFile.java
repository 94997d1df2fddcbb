package dev.assay.export;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** The files of a report set that {@code formats=} can choose from; the manifest is always written. */
enum ExportFile {

	IMAGES_CSV("images.csv"),

	IMAGE_CVES_CSV("image-cves.csv"),

	IMAGES_JSON("images.json"),

	SUMMARY_JSON("summary.json"),

	SUMMARY_HTML("summary.html");

	static final String MANIFEST = "manifest.json";

	private final String fileName;

	ExportFile(String fileName) {
		this.fileName = fileName;
	}

	String fileName() {
		return this.fileName;
	}

	/** The file of that name, {@code null} for none. */
	static ExportFile named(String name) {
		return Arrays.stream(values()).filter(file -> file.fileName.equals(name)).findFirst().orElse(null);
	}

	static String names() {
		return Arrays.stream(values()).map(ExportFile::fileName).collect(Collectors.joining(","));
	}

	static Set<ExportFile> all() {
		return EnumSet.allOf(ExportFile.class);
	}

}
