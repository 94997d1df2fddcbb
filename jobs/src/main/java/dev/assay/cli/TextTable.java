package dev.assay.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table for people: each column as wide as its widest cell, two spaces between
 * columns, the last column not padded so that long text (a justification) runs on.
 */
final class TextTable {

	private final List<String[]> rows = new ArrayList<>();

	TextTable(String... header) {
		this.rows.add(header);
	}

	/** Adds a row; {@code null} cells show as {@code -}, line breaks as spaces. */
	TextTable row(Object... cells) {
		String[] row = new String[cells.length];
		for (int i = 0; i < cells.length; i++) {
			row[i] = (cells[i] != null) ? cells[i].toString().replaceAll("\\R", " ") : "-";
		}
		this.rows.add(row);
		return this;
	}

	void print(PrintWriter out) {
		int columns = this.rows.get(0).length;
		int[] widths = new int[columns];
		for (String[] row : this.rows) {
			for (int i = 0; i < columns; i++) {
				widths[i] = Math.max(widths[i], row[i].length());
			}
		}
		for (String[] row : this.rows) {
			StringBuilder line = new StringBuilder();
			for (int i = 0; i < columns - 1; i++) {
				line.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
			}
			out.println(line.append(row[columns - 1]).toString().stripTrailing());
		}
	}

}
