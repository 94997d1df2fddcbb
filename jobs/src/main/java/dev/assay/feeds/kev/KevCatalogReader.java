package dev.assay.feeds.kev;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.assay.feeds.FeedException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Reads a downloaded KEV catalog and checks it against {@link KevCatalogRules}. The format is
 * told by the content, not the name: a JSON object is the catalog as CISA publishes it; text
 * whose first line names a {@code cveID} column is the CSV variant, whose {@code cwes} column
 * holds the ids separated by commas. Thread-safe.
 */
@Component
class KevCatalogReader {

	private static final List<String> CSV_REQUIRED = List.of("cveID", "vendorProject", "product", "vulnerabilityName",
			"dateAdded", "shortDescription", "requiredAction", "dueDate");

	private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();

	/** How far to look for the first character that tells the format. */
	private static final int SNIFF_LIMIT = 64 * 1024;

	private final JsonMapper json;

	KevCatalogReader(JsonMapper json) {
		this.json = json;
	}

	/**
	 * Reads and checks the catalog in {@code file}.
	 * @param source where the file came from, without credentials, for messages
	 * @throws FeedException when the file is not a valid KEV catalog; the message names the
	 * place and the rule
	 */
	KevCatalog read(Path file, String source) {
		try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
			return switch (firstCharacter(in)) {
				case -1 -> throw KevCatalogRules.refused(source, "is empty", null);
				case '{', '[' -> readJson(in, source);
				case '<' -> throw KevCatalogRules.refused(source,
						"is an HTML or XML page, not a KEV catalog: the server answered with a page instead of the"
								+ " feed; check that the URL names the catalog file itself",
						null);
				default -> readCsv(in, source);
			};
		}
		catch (IOException ex) {
			throw KevCatalogRules.refused(source, "could not be read (" + ex.getMessage() + ")", ex);
		}
	}

	private KevCatalog readJson(InputStream in, String source) {
		KevCatalog catalog;
		try {
			catalog = this.json.readValue(in, KevCatalog.class);
		}
		catch (JacksonException ex) {
			throw KevCatalogRules.refused(source, "is not valid JSON" + place(ex) + ": " + ex.getOriginalMessage(),
					ex);
		}
		KevCatalogRules.checkJson(catalog, source);
		return catalog;
	}

	private KevCatalog readCsv(InputStream in, String source) throws IOException {
		BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
		skipByteOrderMark(reader);
		List<KevEntry> entries = new ArrayList<>();
		try (CSVParser parser = CSV.parse(reader)) {
			List<String> header = parser.getHeaderNames();
			if (!header.contains("cveID")) {
				throw KevCatalogRules.refused(source, "is neither the KEV JSON catalog nor its CSV variant: its first"
						+ " line has no cveID column (it starts with '" + abbreviate(String.join(",", header)) + "')", null);
			}
			List<String> missing = CSV_REQUIRED.stream().filter(column -> !header.contains(column)).toList();
			if (!missing.isEmpty()) {
				throw KevCatalogRules.refused(source, "is invalid: its CSV header lacks the column"
						+ ((missing.size() > 1) ? "s " : " ") + String.join(", ", missing), null);
			}
			for (CSVRecord record : parser) {
				entries.add(entry(record));
			}
		}
		catch (UncheckedIOException ex) {
			// commons-csv reports a bad quote this way, naming the line in the cause.
			throw KevCatalogRules.refused(source, "is not valid CSV: " + ex.getCause().getMessage(), ex);
		}
		catch (IllegalArgumentException ex) {
			// commons-csv refuses duplicate header names this way.
			throw KevCatalogRules.refused(source, "is not valid CSV: " + ex.getMessage(), ex);
		}
		KevCatalogRules.checkEntries(entries, source, index -> "CSV row " + (index + 1) + " after the header");
		return new KevCatalog(null, null, null, null, entries);
	}

	/** Binds a CSV row by column name through the same record as the JSON entries. */
	private KevEntry entry(CSVRecord record) {
		Map<String, Object> fields = new HashMap<>(record.toMap());
		fields.computeIfPresent("cwes", (name, value) -> cwes((String) value));
		return this.json.convertValue(fields, KevEntry.class);
	}

	private static List<String> cwes(String column) {
		return column.isBlank() ? List.of() : Arrays.stream(column.split(",")).map(String::strip).toList();
	}

	/** The first byte after any UTF-8 byte order mark and white space, -1 if none; the stream is not consumed. */
	private static int firstCharacter(InputStream in) throws IOException {
		in.mark(SNIFF_LIMIT);
		byte[] head = in.readNBytes(SNIFF_LIMIT);
		in.reset();
		boolean byteOrderMark = head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB
				&& (head[2] & 0xFF) == 0xBF;
		int i = byteOrderMark ? 3 : 0;
		while (i < head.length && Character.isWhitespace(head[i])) {
			i++;
		}
		return (i < head.length) ? head[i] & 0xFF : -1;
	}

	private static void skipByteOrderMark(BufferedReader reader) throws IOException {
		reader.mark(1);
		if (reader.read() != '\uFEFF') {
			reader.reset();
		}
	}

	private static String place(JacksonException ex) {
		String path = ex.getPath()
			.stream()
			.map(reference -> (reference.getPropertyName() != null) ? "." + reference.getPropertyName()
					: "[" + reference.getIndex() + "]")
			.collect(Collectors.joining());
		String at = path.isEmpty() ? "" : " at " + path.substring(path.startsWith(".") ? 1 : 0);
		if (ex.getLocation() != null && ex.getLocation().getLineNr() > 0) {
			at += " (line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")";
		}
		return at;
	}

	private static String abbreviate(String text) {
		return (text.length() <= 60) ? text : text.substring(0, 60) + "...";
	}

}
