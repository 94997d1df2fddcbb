package dev.assay.feeds.kev;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import dev.assay.testing.Fixtures;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The real KEV catalogs of {@code ../shared/fixtures/kev/}, read with Jackson's tree model, and
 * catalogs derived from them for tests (edited copies, the CSV variant).
 */
final class KevFiles {

	private static final String MIRROR = "kev/mirror-lodestonesecurity-cisa-kevc-history/";

	static final String CURRENT = "kev/known_exploited_vulnerabilities.json";

	static final String V2025_08_21 = "kev/known_exploited_vulnerabilities_v2025.08.21.json";

	static final String V2025_01_24 = "kev/known_exploited_vulnerabilities_v2025.01.24.json";

	static final String V2024_08_26 = MIRROR + "known_exploited_vulnerabilities_v2024.08.26.json";

	static final String V2026_08_07 = MIRROR + "known_exploited_vulnerabilities_v2026.08.07.json";

	static final String V2023_04_10 = MIRROR + "known_exploited_vulnerabilities_v2023.04.10.json";

	/** The entry fields after cveID, in the order of the feed. */
	static final List<String> FIELDS = List.of("vendorProject", "product", "vulnerabilityName", "dateAdded",
			"shortDescription", "requiredAction", "dueDate", "knownRansomwareCampaignUse", "notes", "cwes");

	private static final JsonMapper json = JsonMapper.shared();

	private KevFiles() {
	}

	static Path fixture(String relative) {
		return Fixtures.file(relative);
	}

	static JsonNode read(Path file) {
		return json.readTree(file.toFile());
	}

	static String url(Path file) {
		return file.toUri().toString();
	}

	/**
	 * The entries of a catalog by CVE, each field as a string: {@code null} when absent, and
	 * {@code cwes} joined with commas.
	 */
	static Map<String, Map<String, String>> entries(JsonNode catalog) {
		Map<String, Map<String, String>> entries = new TreeMap<>();
		for (JsonNode entry : catalog.get("vulnerabilities").values()) {
			Map<String, String> fields = new LinkedHashMap<>();
			for (String field : FIELDS) {
				JsonNode value = entry.get(field);
				fields.put(field, (value == null) ? null
						: value.isArray() ? String.join(",", value.values().stream().map(JsonNode::stringValue).toList())
								: value.stringValue());
			}
			entries.put(entry.get("cveID").stringValue(), fields);
		}
		return entries;
	}

	/** Writes a copy of a fixture catalog after {@code edit} changed its tree. */
	static Path edited(String fixture, Path file, Consumer<ObjectNode> edit) {
		ObjectNode catalog = (ObjectNode) read(fixture(fixture));
		edit.accept(catalog);
		json.writeValue(file.toFile(), catalog);
		return file;
	}

	/** Entry {@code index} of an edited catalog. */
	static ObjectNode entry(ObjectNode catalog, int index) {
		return (ObjectNode) catalog.get("vulnerabilities").get(index);
	}

	/** Writes the CSV variant of a catalog as CISA publishes it: one column per field, cwes as "CWE-1, CWE-2". */
	static Path csv(JsonNode catalog, Path file) throws IOException {
		List<String> header = new ArrayList<>(List.of("cveID"));
		header.addAll(FIELDS);
		try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
				CSVPrinter printer = CSVFormat.DEFAULT.builder()
					.setHeader(header.toArray(String[]::new))
					.get()
					.print(out)) {
			for (JsonNode entry : catalog.get("vulnerabilities").values()) {
				List<String> row = new ArrayList<>();
				for (String column : header) {
					JsonNode value = entry.get(column);
					row.add(value.isArray() ? String.join(", ", value.values().stream().map(JsonNode::stringValue).toList())
							: value.stringValue());
				}
				printer.printRecord(row);
			}
		}
		return file;
	}

	static String text(Path file) throws IOException {
		return Files.readString(file, StandardCharsets.UTF_8);
	}

}
