package dev.assay.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

import dev.assay.AssayHome;

import org.springframework.stereotype.Component;

/** Where the newest whole report set is: the folder {@code latest} points at. */
@Component
public class LatestReportSet {

	private final ReportSets sets;

	LatestReportSet(ExportProperties properties, AssayHome home) {
		this.sets = new ReportSets(properties.folder(home));
	}

	/** The folder of the set {@code latest} points at; empty before the first export. */
	public Optional<Path> folder() {
		try {
			return this.sets.latest().map(name -> this.sets.folder().resolve(name));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read which report set is the latest in " + this.sets.folder(), ex);
		}
	}

}
