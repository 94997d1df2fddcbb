package dev.assay.export;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.FileSystemUtils;

/**
 * The report folder: one folder per report set, named by its UTC start time
 * ({@code 2026-11-29T06-00-00Z}, with {@code -2}, {@code -3}... when two start in one second), the
 * pointer {@code latest} (a relative symbolic link, or {@code latest.json} where links cannot be
 * made), and the {@code .partial-*} folders of sets being written. A set appears by one rename of
 * its finished folder, and {@code latest} moves by one rename after it, so a reader sees whole sets
 * only. Callers must not write one folder from two exports at once (the job lock sees to that).
 */
final class ReportSets {

	static final String LATEST = "latest";

	static final String LATEST_JSON = "latest.json";

	private static final String PARTIAL = ".partial-";

	private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'");

	private static final Pattern SET = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z)(-\\d+)?");

	private final Path folder;

	ReportSets(Path folder) {
		this.folder = folder;
	}

	Path folder() {
		return this.folder;
	}

	/**
	 * Creates the report folder if needed and deletes what an export killed on the way left: its
	 * partial set and a pointer it had not moved yet.
	 * @return how many leftovers were deleted
	 */
	int prepare() throws IOException {
		Files.createDirectories(this.folder);
		int deleted = 0;
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(this.folder, ".{partial-,latest-}*")) {
			for (Path entry : entries) {
				if (Files.isSymbolicLink(entry)) {
					// A link to a set that never appeared dangles, and deleteRecursively passes over what does not exist.
					Files.delete(entry);
				}
				else {
					FileSystemUtils.deleteRecursively(entry);
				}
				deleted++;
			}
		}
		return deleted;
	}

	/** A name for a set started at {@code start} that no set has yet. */
	String newName(Instant start) {
		String base = NAME.format(LocalDateTime.ofInstant(start, ZoneOffset.UTC));
		String name = base;
		for (int n = 2; Files.exists(this.folder.resolve(name)); n++) {
			name = base + "-" + n;
		}
		return name;
	}

	/** Creates the hidden folder in which the set is written. */
	Path startSet(String name) throws IOException {
		return Files.createDirectory(this.folder.resolve(PARTIAL + name));
	}

	/** Makes the written set visible under its name, in one rename, once its files are on disk. */
	Path publish(Path partial, String name) throws IOException {
		force(partial);
		Path set = Files.move(partial, this.folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
		force(this.folder);
		return set;
	}

	/** Deletes a set that could not be finished. */
	void abandon(Path partial) throws IOException {
		FileSystemUtils.deleteRecursively(partial);
	}

	/** Points {@code latest} at the set, by one rename over the previous pointer. */
	void pointLatestAt(String name) throws IOException {
		Path link = this.folder.resolve(".latest-" + name);
		try {
			Files.createSymbolicLink(link, Path.of(name));
			Files.move(link, this.folder.resolve(LATEST), StandardCopyOption.ATOMIC_MOVE,
					StandardCopyOption.REPLACE_EXISTING);
			Files.deleteIfExists(this.folder.resolve(LATEST_JSON));
		}
		catch (UnsupportedOperationException | FileSystemException ex) {
			// No links here (some Windows and network file systems): the pointer is a file instead.
			Files.deleteIfExists(link);
			Files.writeString(link, JsonMapper.shared().writeValueAsString(Map.of("latest", name)),
					StandardCharsets.UTF_8);
			Files.move(link, this.folder.resolve(LATEST_JSON), StandardCopyOption.ATOMIC_MOVE,
					StandardCopyOption.REPLACE_EXISTING);
		}
		force(this.folder);
	}

	/** The set {@code latest} points at, if any. */
	Optional<String> latest() throws IOException {
		Path link = this.folder.resolve(LATEST);
		if (Files.isSymbolicLink(link)) {
			return Optional.of(Files.readSymbolicLink(link).getFileName().toString());
		}
		Path json = this.folder.resolve(LATEST_JSON);
		if (Files.isRegularFile(json)) {
			JsonNode latest = JsonMapper.shared().readTree(json.toFile()).get("latest");
			return Optional.ofNullable(latest).map(JsonNode::stringValue);
		}
		return Optional.empty();
	}

	/** The names of the published sets, newest first. */
	List<String> sets() throws IOException {
		List<String> sets = new ArrayList<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(this.folder)) {
			for (Path entry : entries) {
				String name = entry.getFileName().toString();
				if (SET.matcher(name).matches() && Files.isDirectory(entry) && !Files.isSymbolicLink(entry)) {
					sets.add(name);
				}
			}
		}
		sets.sort(Comparator.comparing(ReportSets::startOf).thenComparing(ReportSets::sequence).reversed());
		return sets;
	}

	/** When the set of that name started. */
	static Instant startOf(String name) {
		Matcher matcher = SET.matcher(name);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Not a report set name: " + name);
		}
		return LocalDateTime.parse(matcher.group(1), NAME).toInstant(ZoneOffset.UTC);
	}

	private static int sequence(String name) {
		Matcher matcher = SET.matcher(name);
		matcher.matches();
		return (matcher.group(2) != null) ? Integer.parseInt(matcher.group(2).substring(1)) : 1;
	}

	/** The newest set with a summary, whose state the change report compares with; empty when none. */
	Previous previous() throws IOException {
		for (String set : sets()) {
			Path summary = this.folder.resolve(set).resolve(ExportFile.SUMMARY_JSON.fileName());
			if (Files.isRegularFile(summary)) {
				JsonNode state = JsonMapper.shared().readTree(summary.toFile()).get("state");
				if (state != null && !state.isNull()) {
					return new Previous(set, JsonMapper.shared().treeToValue(state, Summary.State.class));
				}
			}
		}
		return new Previous(null, null);
	}

	/** A set a change report compares with: its name and state, both {@code null} for none. */
	record Previous(String name, Summary.State state) {
	}

	/** Deletes one published set. */
	void delete(String name) throws IOException {
		FileSystemUtils.deleteRecursively(this.folder.resolve(name));
	}

	/**
	 * Forces a folder's entries to disk, so that a rename in it survives a crash. Not every system
	 * can open a folder for this (Windows cannot); there the rename is as durable as it gets.
	 */
	private static void force(Path dir) {
		try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// see above
		}
	}

}
