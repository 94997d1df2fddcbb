package dev.assay.scans;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * Where one {@code scan-import} run takes its reports from: the job parameter {@code file=} (one
 * report), else {@code dir=} (a folder), else the configured import folder. Relative job
 * parameters are taken from the working directory, as any path on a command line.
 * <p>
 * A folder's reports are its regular files and those of its subfolders, in path order. Names that
 * start with a dot are left out, with everything under them: hidden files, and the temporary files
 * that copying tools such as rsync write before renaming. No name pattern is applied, since the
 * format of a report is told from its content.
 *
 * @param path the file or folder, absolute
 * @param folder whether {@link #path()} is a folder
 */
record ReportSource(Path path, boolean folder) {

	/**
	 * The source a run's parameters name.
	 * @param importFolder the configured folder, absolute
	 * @throws InvalidJobParametersException where both are given or the named one does not exist
	 */
	static ReportSource of(JobParameters parameters, Path importFolder) throws InvalidJobParametersException {
		String file = parameters.getString("file");
		String dir = parameters.getString("dir");
		if (file != null && dir != null) {
			throw new InvalidJobParametersException("give dir= or file=, not both");
		}
		if (file != null) {
			Path path = absolute(file);
			if (Files.isDirectory(path)) {
				throw new InvalidJobParametersException("file=" + path + " is a folder; give it as dir=" + path);
			}
			if (!Files.exists(path)) {
				throw new InvalidJobParametersException("file=" + path + " does not exist");
			}
			return new ReportSource(path, false);
		}
		if (dir != null) {
			return folder(absolute(dir), "dir=" + absolute(dir));
		}
		return folder(importFolder, "The import folder " + importFolder + " (assay.import.dir)");
	}

	private static ReportSource folder(Path path, String named) throws InvalidJobParametersException {
		if (Files.isDirectory(path)) {
			return new ReportSource(path, true);
		}
		if (Files.exists(path)) {
			throw new InvalidJobParametersException(named + " is not a folder; give a single report as file=" + path);
		}
		throw new InvalidJobParametersException(named + " does not exist. Create it and put scan reports in it,"
				+ " or give the folder as dir= or one report as file=.");
	}

	private static Path absolute(String path) {
		return Path.of(path).toAbsolutePath().normalize();
	}

	/** The report files, in path order; a single file even if it cannot be read (its import says why). */
	List<Path> files() {
		if (!this.folder) {
			return List.of(this.path);
		}
		try (Stream<Path> walk = Files.walk(this.path)) {
			return walk.filter(file -> !hidden(this.path.relativize(file)))
				.filter(Files::isRegularFile)
				.sorted()
				.toList();
		}
		catch (IOException | UncheckedIOException ex) {
			throw new UncheckedIOException("Could not list the reports in " + this.path + ": " + ex.getMessage()
					+ ". Check that assay may read the folder and its subfolders.",
					(ex instanceof IOException io) ? io : ((UncheckedIOException) ex).getCause());
		}
	}

	private static boolean hidden(Path relative) {
		for (Path name : relative) {
			if (name.toString().startsWith(".")) {
				return true;
			}
		}
		return false;
	}

	/** What a summary calls it: {@code folder /srv/reports} or {@code file /srv/app.json}. */
	@Override
	public String toString() {
		return (this.folder ? "folder " : "file ") + this.path;
	}

}
