package dev.assay.feeds.epss;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the bad rows of a file and keeps what was wrong with the first few of them by line
 * number, in whatever order they are found: duplicates only show once the rows are sorted, after
 * every other problem. Not thread-safe.
 */
final class BadRowLog {

	private final int samples;

	private final TreeMap<Integer, String> first = new TreeMap<>();

	private int count;

	/** @param samples how many of the first bad rows to keep */
	BadRowLog(int samples) {
		this.samples = samples;
	}

	void add(int line, String problem) {
		this.count++;
		if (this.first.size() < this.samples || line < this.first.lastKey()) {
			this.first.put(line, problem);
			if (this.first.size() > this.samples) {
				this.first.pollLastEntry();
			}
		}
	}

	/** Adds the bad rows of another log, whose lines are {@code offset} less than this one's. */
	void addAll(BadRowLog other, int offset) {
		other.first.forEach((line, problem) -> add(line + offset, problem));
		this.count += other.count - other.first.size();
	}

	int count() {
		return this.count;
	}

	/** The first bad rows, by line: {@code line 5: ...}. */
	List<String> samples() {
		return this.first.entrySet().stream().map(BadRowLog::describe).toList();
	}

	private static String describe(Map.Entry<Integer, String> bad) {
		return "line " + bad.getKey() + ": " + bad.getValue();
	}

}
