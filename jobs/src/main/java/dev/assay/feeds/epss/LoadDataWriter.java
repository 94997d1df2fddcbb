package dev.assay.feeds.epss;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes rows as the text that {@code LOAD DATA ... FIELDS TERMINATED BY '\t'} reads: ASCII
 * fields separated by tabs, one row per line, {@code \N} for NULL. It fills a byte buffer itself
 * rather than going through a character encoder, and writes decimals such as {@code 0.00043}
 * without {@link Double#toString(double)}, which is slow before Java 19: a load writes over a
 * million of them. Not thread-safe.
 */
final class LoadDataWriter implements Closeable {

	private final OutputStream out;

	private final byte[] buffer = new byte[1 << 16];

	private int size;

	private boolean rowStarted;

	LoadDataWriter(OutputStream out) {
		this.out = out;
	}

	/**
	 * Writes a text field.
	 * @param text ASCII without tabs, line breaks or backslashes, which LOAD DATA would read as
	 * separators or escapes; {@code null} for NULL
	 * @throws IllegalArgumentException for any other text
	 */
	LoadDataWriter text(String text) throws IOException {
		if (text == null) {
			return nullValue();
		}
		startField(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= 128 || c == '\t' || c == '\n' || c == '\r' || c == '\\') {
				throw new IllegalArgumentException("Cannot write '" + text.replaceAll("[^ -~]", "?")
						+ "' as a LOAD DATA field: character " + (int) c + " at index " + i
						+ " is a tab, line break, backslash or not plain ASCII");
			}
			this.buffer[this.size++] = (byte) c;
		}
		return this;
	}

	/**
	 * Writes {@code length} bytes of {@code source} from {@code from} as a text field, unchecked:
	 * the caller knows them to be ASCII without tabs, line breaks or backslashes.
	 */
	LoadDataWriter ascii(byte[] source, int from, int length) throws IOException {
		startField(length);
		System.arraycopy(source, from, this.buffer, this.size, length);
		this.size += length;
		return this;
	}

	/** Writes a number in a form that MariaDB parses back to exactly {@code value}. */
	LoadDataWriter number(double value) throws IOException {
		// A score has a few decimals: value * 10^k is then a whole number m for a small k. If m / 10^k
		// gives back value, so does "0.<m in k digits>": m and 10^k are exact doubles, and division
		// rounds m / 10^k as correctly as parsing rounds that decimal.
		if (value > 0 && value < 1) {
			double scale = 10;
			for (int digits = 1; digits <= 15; digits++, scale *= 10) {
				double whole = Math.rint(value * scale);
				if (whole / scale == value) {
					return fraction((long) whole, digits);
				}
			}
		}
		return text(Double.toString(value));
	}

	LoadDataWriter number(long value) throws IOException {
		return text(Long.toString(value));
	}

	LoadDataWriter nullValue() throws IOException {
		startField(2);
		this.buffer[this.size++] = '\\';
		this.buffer[this.size++] = 'N';
		return this;
	}

	void endRow() throws IOException {
		room(1);
		this.buffer[this.size++] = '\n';
		this.rowStarted = false;
	}

	/** Writes out what is buffered and closes the stream, also when writing fails. */
	@Override
	public void close() throws IOException {
		try (OutputStream closing = this.out) {
			flush();
		}
	}

	/** {@code 0.} and {@code digits} digits of {@code whole}, with leading zeros. */
	private LoadDataWriter fraction(long whole, int digits) throws IOException {
		startField(digits + 2);
		this.buffer[this.size++] = '0';
		this.buffer[this.size++] = '.';
		long rest = whole;
		for (int i = this.size + digits - 1; i >= this.size; i--) {
			this.buffer[i] = (byte) ('0' + rest % 10);
			rest /= 10;
		}
		this.size += digits;
		return this;
	}

	private void startField(int length) throws IOException {
		if (length >= this.buffer.length) {
			throw new IllegalArgumentException("A LOAD DATA field of " + length + " characters is more than this"
					+ " writer buffers");
		}
		room(length + 1);
		if (this.rowStarted) {
			this.buffer[this.size++] = '\t';
		}
		this.rowStarted = true;
	}

	private void room(int bytes) throws IOException {
		if (this.size + bytes > this.buffer.length) {
			flush();
		}
	}

	private void flush() throws IOException {
		this.out.write(this.buffer, 0, this.size);
		this.size = 0;
	}

}
