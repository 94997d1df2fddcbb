package dev.assay.assessment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes exceptions as CSV (RFC 4180, UTF-8) with the header
 * {@code CVE,Registry,Repository,Tags,Justification,Scope} and the optional columns
 * {@code Expires,Owner}. Reading matches column names in any letter case and order, ignores other
 * columns and blank lines, and checks every row (see {@link ExceptionsCsvRow}); writing gives all
 * eight columns, so that an export imports back to the same exceptions.
 */
public final class ExceptionsCsv {

	static final String CVE = "CVE";

	static final String REGISTRY = "Registry";

	static final String REPOSITORY = "Repository";

	static final String TAGS = "Tags";

	static final String JUSTIFICATION = "Justification";

	static final String SCOPE = "Scope";

	static final String EXPIRES = "Expires";

	static final String OWNER = "Owner";

	private static final List<String> COLUMNS = List.of(CVE, REGISTRY, REPOSITORY, TAGS, JUSTIFICATION, SCOPE,
			EXPIRES, OWNER);

	private static final List<String> REQUIRED = COLUMNS.subList(0, 6);

	private static final List<String> OPTIONAL = COLUMNS.subList(6, 8);

	private static final String EXPECTED_HEADER = String.join(",", REQUIRED) + " (and optionally "
			+ String.join(",", OPTIONAL) + ")";

	private static final CSVFormat READ_FORMAT = CSVFormat.RFC4180.builder()
		.setHeader()
		.setSkipHeaderRecord(true)
		.setIgnoreHeaderCase(true)
		.setAllowMissingColumnNames(true)
		.setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
		.setTrim(true)
		// Blank lines come back as records, so that the line count (and each message) stays right.
		.setIgnoreEmptyLines(false)
		.get();

	private static final CSVFormat WRITE_FORMAT = CSVFormat.RFC4180.builder()
		.setHeader(COLUMNS.toArray(String[]::new))
		.get();

	private ExceptionsCsv() {
	}

	/**
	 * Reads and checks a whole file: all of it is valid, or nothing is returned.
	 * @throws IllegalArgumentException naming the file and, for bad rows, every bad line with what
	 * is wrong in it
	 */
	public static ExceptionsFile read(Path file) {
		String name = file.toString();
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			skipByteOrderMark(reader);
			try (CSVParser parser = CSVParser.parse(reader, READ_FORMAT)) {
				List<String> header = parser.getHeaderNames();
				checkHeader(name, header);
				return read(name, parser, present(header, EXPIRES), present(header, OWNER));
			}
		}
		catch (NoSuchFileException ex) {
			throw new IllegalArgumentException("Exceptions file " + name + " does not exist", ex);
		}
		catch (AccessDeniedException ex) {
			throw new IllegalArgumentException("Exceptions file " + name + " cannot be read: permission denied", ex);
		}
		catch (MalformedInputException ex) {
			throw notUtf8(name, ex);
		}
		catch (IOException | UncheckedIOException ex) {
			Throwable cause = (ex instanceof UncheckedIOException unchecked) ? unchecked.getCause() : ex;
			if (cause instanceof MalformedInputException) {
				throw notUtf8(name, cause);
			}
			throw new IllegalArgumentException("Cannot read exceptions file " + name + ": " + cause.getMessage()
					+ "; nothing was imported", ex);
		}
	}

	private static ExceptionsFile read(String name, CSVParser parser, boolean statesExpires, boolean statesOwner) {
		Map<List<Object>, Long> lineOf = new LinkedHashMap<>();
		Map<List<Object>, VulnException> exceptions = new LinkedHashMap<>();
		List<String> problems = new ArrayList<>();
		long lastLine = parser.getCurrentLineNumber();
		for (CSVRecord record : parser) {
			// A record ends on the line the parser has reached; it starts after the previous one ended.
			long line = lastLine + 1;
			lastLine = parser.getCurrentLineNumber();
			if (record.stream().allMatch(String::isEmpty)) {
				continue;
			}
			List<String> rowProblems = new ArrayList<>();
			VulnException exception = ExceptionsCsvRow.read(record, rowProblems);
			if (exception != null) {
				Long first = lineOf.putIfAbsent(exception.target(), line);
				VulnException earlier = exceptions.putIfAbsent(exception.target(), exception);
				if (earlier != null && !earlier.sameTerms(exception)) {
					rowProblems.add("repeats the exception " + exception.describe() + " of line " + first
							+ " with another Justification, Expires or Owner; keep one of the two rows");
				}
			}
			if (!rowProblems.isEmpty()) {
				problems.add("line " + line + ": " + String.join("; ", rowProblems));
			}
		}
		if (!problems.isEmpty()) {
			throw new IllegalArgumentException("Exceptions file " + name + " has " + problems.size() + " bad "
					+ ((problems.size() == 1) ? "row" : "rows") + "; nothing was imported. Correct "
					+ ((problems.size() == 1) ? "it" : "them") + " and import the file again:\n  "
					+ String.join("\n  ", problems));
		}
		return new ExceptionsFile(new ArrayList<>(exceptions.values()), statesExpires, statesOwner);
	}

	private static void checkHeader(String name, List<String> header) {
		if (header.isEmpty()) {
			throw new IllegalArgumentException("Exceptions file " + name + " is empty; it needs the header "
					+ EXPECTED_HEADER + " and one row per exception");
		}
		List<String> missing = REQUIRED.stream().filter(column -> !present(header, column)).toList();
		if (!missing.isEmpty()) {
			throw new IllegalArgumentException("Exceptions file " + name + " lacks the "
					+ ((missing.size() == 1) ? "column " : "columns ") + String.join(", ", missing)
					+ " in its first line; expected the header " + EXPECTED_HEADER + ", found: "
					+ String.join(",", header));
		}
		for (String column : COLUMNS) {
			if (header.stream().filter(column::equalsIgnoreCase).count() > 1) {
				throw new IllegalArgumentException("Exceptions file " + name + " has the column " + column
						+ " twice in its header; keep one");
			}
		}
	}

	private static boolean present(List<String> header, String column) {
		return header.stream().anyMatch(column::equalsIgnoreCase);
	}

	/** Spreadsheet programs often begin a UTF-8 CSV file with a byte order mark; it is not part of the header. */
	private static void skipByteOrderMark(BufferedReader reader) throws IOException {
		reader.mark(1);
		if (reader.read() != '\uFEFF') {
			reader.reset();
		}
	}

	private static IllegalArgumentException notUtf8(String name, Throwable cause) {
		return new IllegalArgumentException("Exceptions file " + name
				+ " is not UTF-8 text; save it as CSV UTF-8 and import it again; nothing was imported", cause);
	}

	/**
	 * Writes the exceptions to {@code file}, replacing it. The file is written beside its final
	 * name first and then renamed, so that a failed export leaves any earlier file whole.
	 * @throws UncheckedIOException naming the file when it cannot be written
	 */
	public static void write(List<VulnException> exceptions, Path file) {
		Path target = file.toAbsolutePath();
		Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
		try {
			try (Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
					CSVPrinter printer = new CSVPrinter(writer, WRITE_FORMAT)) {
				for (VulnException exception : exceptions) {
					printer.printRecord(exception.cve(), exception.registry(), exception.repository(),
							exception.tags().isEmpty() ? "" : JsonMapper.shared().writeValueAsString(exception.tags()),
							exception.justification(), exception.scope().value(),
							(exception.expires() != null) ? exception.expires().toString() : "",
							(exception.owner() != null) ? exception.owner() : "");
				}
			}
			Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			try {
				Files.deleteIfExists(partial);
			}
			catch (IOException suppressed) {
				ex.addSuppressed(suppressed);
			}
			throw new UncheckedIOException("Cannot write exceptions file " + file + ": " + ex.getMessage()
					+ "; check that its folder exists and is writable", ex);
		}
	}

}
