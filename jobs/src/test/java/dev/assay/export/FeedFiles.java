package dev.assay.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.assay.testing.EpssFiles;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generated EPSS and KEV feeds for the CVEs of a test database, in the formats the feeds publish,
 * and the values a test expects to read back from them, taken from the files' own text.
 */
final class FeedFiles {

	/** EPSS and percentile of each CVE as the file writes them (five decimals). */
	final Map<String, String[]> epss = new LinkedHashMap<>();

	/** KEV entries by CVE: dateAdded, dueDate, knownRansomwareCampaignUse. */
	final Map<String, String[]> kev = new LinkedHashMap<>();

	/**
	 * Scores every third CVE of {@code cves} (sorted) and puts every fifth in the KEV catalog (the
	 * others in neither, so both "no score" and "not in KEV" appear), plus filler rows no image has.
	 */
	FeedFiles(TreeSet<String> cves, long seed) {
		int i = 0;
		for (String cve : cves) {
			if (i % 3 != 1) {
				String row = EpssFiles.row(cve, EpssFiles.epss(i, seed), EpssFiles.percentile(i, seed));
				String[] cells = row.split(",");
				this.epss.put(cve, new String[] { cells[1], cells[2] });
			}
			if (i % 5 == 0) {
				LocalDate added = LocalDate.of(2022, 1, 1).plusDays(i);
				this.kev.put(cve, new String[] { added.toString(), added.plusDays(21).toString(),
						(i % 10 == 0) ? "Known" : "Unknown" });
			}
			i++;
		}
		for (int filler = 0; filler < 50; filler++) {
			String cve = "CVE-2031-" + (10000 + filler);
			String[] cells = EpssFiles.row(cve, EpssFiles.epss(filler, seed), EpssFiles.percentile(filler, seed))
				.split(",");
			this.epss.put(cve, new String[] { cells[1], cells[2] });
		}
	}

	Path writeEpss(Path file) {
		List<String> lines = new ArrayList<>();
		lines.add(EpssFiles.comment("2026-11-28"));
		lines.add(EpssFiles.HEADER);
		this.epss.forEach((cve, values) -> lines.add(cve + "," + values[0] + "," + values[1]));
		return EpssFiles.writeLines(file, lines);
	}

	Path writeKev(Path file) {
		List<Map<String, Object>> entries = new ArrayList<>();
		this.kev.forEach((cve, values) -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("cveID", cve);
			entry.put("vendorProject", "Vendor");
			entry.put("product", "Product");
			entry.put("vulnerabilityName", "Vulnerability " + cve);
			entry.put("dateAdded", values[0]);
			entry.put("shortDescription", "Generated for the export tests.");
			entry.put("requiredAction", "Apply updates.");
			entry.put("dueDate", values[1]);
			entry.put("knownRansomwareCampaignUse", values[2]);
			entry.put("notes", "");
			entry.put("cwes", List.of("CWE-79"));
			entries.add(entry);
		});
		Map<String, Object> catalog = new LinkedHashMap<>();
		catalog.put("title", "Generated KEV catalog");
		catalog.put("catalogVersion", "2026.11.28");
		catalog.put("dateReleased", "2026-11-28T15:00:00.000Z");
		catalog.put("count", entries.size());
		catalog.put("vulnerabilities", entries);
		try {
			Files.writeString(file, JsonMapper.shared().writeValueAsString(catalog));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return file;
	}

	/** A score as the export writes it: the file's five decimals without trailing zeros. */
	static String plain(String fiveDecimals) {
		return new BigDecimal(fiveDecimals).stripTrailingZeros().toPlainString();
	}

}
