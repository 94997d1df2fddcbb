package dev.assay.scans;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rows as the UTF-8 text that {@code LOAD DATA ... CHARACTER SET utf8mb4} reads with its default
 * field and line format: fields split by tabs, rows by line feeds, a backslash escaping the tab,
 * line feed, carriage return, NUL and backslash inside a field, and {@code \N} for SQL NULL. Any
 * text can be a field.
 */
final class LoadDataText {

	/** Not a ByteArrayOutputStream, whose every write takes a lock: this is on the import's hot path. */
	private byte[] bytes = new byte[1 << 16];

	private int length;

	private boolean rowStarted;

	/** Adds a field to the current row; {@code null} is SQL NULL. */
	LoadDataText add(Object value) {
		if (this.rowStarted) {
			put((byte) '\t');
		}
		this.rowStarted = true;
		if (value == null) {
			put((byte) '\\');
			put((byte) 'N');
			return this;
		}
		String text = value.toString();
		put(needsEscape(text) ? escape(text) : text);
		return this;
	}

	/** Ends the current row. */
	void endRow() {
		put((byte) '\n');
		this.rowStarted = false;
	}

	InputStream stream() {
		return new ByteArrayInputStream(this.bytes, 0, this.length);
	}

	private static boolean needsEscape(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\\' || c == '\t' || c == '\n' || c == '\r' || c == '\0') {
				return true;
			}
		}
		return false;
	}

	private static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length() + 8);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\\' -> escaped.append("\\\\");
				case '\t' -> escaped.append("\\t");
				case '\n' -> escaped.append("\\n");
				case '\r' -> escaped.append("\\r");
				case '\0' -> escaped.append("\\0");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

	private void put(String text) {
		byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
		ensure(encoded.length);
		System.arraycopy(encoded, 0, this.bytes, this.length, encoded.length);
		this.length += encoded.length;
	}

	private void put(byte b) {
		ensure(1);
		this.bytes[this.length++] = b;
	}

	private void ensure(int more) {
		if (this.length + more > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.length + more));
		}
	}

}
