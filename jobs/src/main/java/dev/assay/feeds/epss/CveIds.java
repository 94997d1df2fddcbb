package dev.assay.feeds.epss;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A column of CVE ids kept as the ASCII bytes of all ids in one array, instead of a string each.
 * A load holds the 300,000 ids of the new file and those of the stored snapshot at once: as
 * strings they are more than a million objects that every young garbage collection during the
 * load copies, and such pauses made a load up to a third slower. Ids compare in byte order, the
 * order of the {@code ascii_bin} key of {@code epss_score}.
 * <p>
 * Not thread-safe while ids are added; once filled, any number of threads may read it.
 */
final class CveIds {

	private byte[] bytes;

	/** Where each id ends in {@link #bytes}; id {@code i} starts where id {@code i - 1} ends. */
	private int[] ends;

	private int size;

	/** @param capacity how many ids to make room for at first; more grow it */
	CveIds(int capacity) {
		this.bytes = new byte[Math.max(16, capacity * 16)];
		this.ends = new int[Math.max(1, capacity)];
	}

	/**
	 * Adds an id at the end.
	 * @param id ASCII text
	 * @throws IllegalArgumentException for text that is not ASCII
	 */
	void add(String id) {
		int start = room(id.length());
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			if (c >= 128) {
				throw new IllegalArgumentException("A CVE id must be ASCII; '" + EpssFileReader.printable(id)
						+ "' has character " + (int) c + " at index " + i);
			}
			this.bytes[start + i] = (byte) c;
		}
		this.ends[this.size++] = start + id.length();
	}

	/** Adds id {@code i} of {@code other} at the end. */
	void add(CveIds other, int i) {
		int length = other.length(i);
		int start = room(length);
		System.arraycopy(other.bytes, other.start(i), this.bytes, start, length);
		this.ends[this.size++] = start + length;
	}

	int size() {
		return this.size;
	}

	/** Compares id {@code i} with id {@code j} of {@code other} in byte order, as {@link Comparable}. */
	int compare(int i, CveIds other, int j) {
		return Arrays.compareUnsigned(this.bytes, start(i), this.ends[i], other.bytes, other.start(j), other.ends[j]);
	}

	/** The id at {@code i} as a string, for messages and tests. */
	String get(int i) {
		return new String(this.bytes, start(i), length(i), StandardCharsets.US_ASCII);
	}

	/**
	 * Writes id {@code i} as a field; the caller must know it to be free of the characters that
	 * {@link LoadDataWriter#text} refuses, as a validated CVE id is.
	 */
	void writeTo(LoadDataWriter writer, int i) throws IOException {
		writer.ascii(this.bytes, start(i), length(i));
	}

	private int start(int i) {
		return (i == 0) ? 0 : this.ends[i - 1];
	}

	private int length(int i) {
		return this.ends[i] - start(i);
	}

	/** Grows the arrays for one more id of {@code length} bytes and returns where it starts. */
	private int room(int length) {
		int start = (this.size == 0) ? 0 : this.ends[this.size - 1];
		if (this.size == this.ends.length) {
			this.ends = Arrays.copyOf(this.ends, this.size * 2);
		}
		if (start + length > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, start + length));
		}
		return start;
	}

}
