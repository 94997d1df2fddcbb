package dev.assay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where assay keeps its files: the embedded database under {@code data/} and scratch files under
 * {@code work/}. Set with {@code assay.home}; the working directory by default.
 */
@ConfigurationProperties("assay")
public record AssayHome(@DefaultValue(".") Path home) {

	/** The folder of the embedded database. */
	public Path dataDir() {
		return this.home.resolve("data");
	}

	/** A scratch folder for one kind of work, created if missing. */
	public Path workDir(String name) {
		Path dir = this.home.resolve("work").resolve(name);
		try {
			return Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the work folder " + dir.toAbsolutePath()
					+ "; check that assay.home points to a writable folder", ex);
		}
	}

}
