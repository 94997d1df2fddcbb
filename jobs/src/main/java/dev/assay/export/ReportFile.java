package dev.assay.export;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One file of a report set being written: UTF-8 text through a buffer, hashed (SHA-256) and
 * counted on the way, and forced to disk when {@link #finish finished}, so that the set renamed
 * into place afterwards is whole even after a power cut. Not thread-safe.
 */
final class ReportFile {

	private static final int BUFFER = 1 << 16;

	private final String name;

	private final FileOutputStream file;

	private final MessageDigest sha256;

	private final CountingStream counted;

	private final Writer writer;

	private long rows;

	ReportFile(Path folder, String name) throws IOException {
		this.name = name;
		this.file = new FileOutputStream(folder.resolve(name).toFile());
		try {
			this.sha256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
		this.counted = new CountingStream(new DigestOutputStream(this.file, this.sha256));
		this.writer = new BufferedWriter(new OutputStreamWriter(this.counted, StandardCharsets.UTF_8), BUFFER);
	}

	Writer writer() {
		return this.writer;
	}

	/** Counts one data row (not a header) for the manifest. */
	void row() {
		this.rows++;
	}

	long rowCount() {
		return this.rows;
	}

	void rows(long count) {
		this.rows += count;
	}

	/** Flushes, forces the bytes to disk, closes, and describes the file for the manifest. */
	ManifestEntry finish() throws IOException {
		try (FileOutputStream closing = this.file) {
			this.writer.flush();
			closing.getChannel().force(true);
		}
		return new ManifestEntry(this.name, this.rows, this.counted.bytes,
				HexFormat.of().formatHex(this.sha256.digest()));
	}

	/** Closes without caring for the content: the set is being abandoned. */
	void abandon() {
		try {
			this.file.close();
		}
		catch (IOException ex) {
			// the folder holding it is deleted next
		}
	}

	/** A file as the manifest lists it. */
	record ManifestEntry(String name, long rows, long bytes, String sha256) {
	}

	private static final class CountingStream extends java.io.FilterOutputStream {

		private long bytes;

		CountingStream(OutputStream out) {
			super(out);
		}

		@Override
		public void write(int b) throws IOException {
			this.out.write(b);
			this.bytes++;
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.out.write(b, off, len);
			this.bytes += len;
		}

	}

}
