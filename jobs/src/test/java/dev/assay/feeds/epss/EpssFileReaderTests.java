package dev.assay.feeds.epss;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import dev.assay.testing.EpssFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The reader takes each score as exactly the double its decimal text stands for. */
class EpssFileReaderTests {

	@TempDir
	Path dir;

	@Test
	void everyFormOfScoreReadsAsTheDoubleItsTextStandsFor() {
		// given: scores in every form a row may use, with 1 to 20 digits after the point
		List<String> scores = new ArrayList<>(List.of("0", "1", "0.5", ".5", "1.0", "00.25", "5e-1", "4.3E-4", "1e0",
				"0.00043", "0.000000000000001", "0.123456789012345", "0.1234567890123456", "0.99999999999999999"));
		SplittableRandom random = new SplittableRandom(7);
		for (int i = 0; i < 20_000; i++) {
			double score = random.nextDouble();
			scores.add((i % 4 == 0) ? Double.toString(score)
					: String.format(Locale.ROOT, "%." + (1 + i % 20) + "f", score));
		}
		List<String> lines = new ArrayList<>(List.of(EpssFiles.comment("2025-09-06"), EpssFiles.HEADER));
		for (int i = 0; i < scores.size(); i++) {
			lines.add(EpssFiles.cve(i) + "," + scores.get(i) + "," + scores.get(scores.size() - 1 - i));
		}
		Path file = EpssFiles.writeLines(this.dir.resolve("scores.csv.gz"), lines);

		// when
		EpssRows rows = new EpssFileReader(1 << 30, 0).read(file, "test").rows();

		// then
		assertThat(rows.size()).isEqualTo(scores.size());
		for (int k = 0; k < rows.size(); k++) {
			int i = indexOf(rows.cve(k));
			assertThat(rows.epss(k)).as(scores.get(i)).isEqualTo(Double.parseDouble(scores.get(i)));
			assertThat(rows.percentile(k)).as(scores.get(scores.size() - 1 - i))
				.isEqualTo(Double.parseDouble(scores.get(scores.size() - 1 - i)));
		}
	}

	@Test
	void aFileReadInPartsNamesEachBadRowByItsLineInTheWholeFile() {
		// given: 200,000 rows (about 8 MB unzipped, read in parts on a machine with several
		// processors), with bad rows at the start, around every place a cut may fall, and at the end,
		// and a CVE repeated far from its first line
		List<String> lines = EpssFiles.lines(200_000, 3, "2025-09-06");
		List<Integer> badLines = new ArrayList<>();
		for (int n : new int[] { 3, 4, 50_001, 66_668, 66_669, 100_001, 100_002, 133_335, 150_002, 200_002 }) {
			lines.set(n - 1, "CVE-BAD-" + n + ",0.5,0.5");
			badLines.add(n);
		}
		lines.set(180_000 - 1, lines.get(10 - 1));
		badLines.add(180_000);
		lines.set(120_000 - 1, EpssFiles.cve(119_997) + ",1.5,0.5");
		badLines.add(120_000);
		Path file = EpssFiles.writeLines(this.dir.resolve("bad-rows.csv.gz"), lines);
		byte[] text = String.join("\n", lines.subList(1, lines.size())).getBytes(StandardCharsets.US_ASCII);

		// when
		EpssFile read = new EpssFileReader(1 << 30, 1).read(file, "test");

		// then
		assertThat(read.badRows()).isEqualTo(badLines.size());
		assertThat(read.rows().size()).isEqualTo(lines.size() - 2 - badLines.size());
		assertThat(read.badRowSamples()).map(sample -> Integer.parseInt(sample.substring(5, sample.indexOf(':'))))
			.containsExactlyElementsOf(badLines.stream().sorted().toList());
		assertThat(read.badRowSamples()).contains("line 180000: duplicate " + EpssFiles.cve(7) + " (first on line 10)");
		assertThat(EpssTextPart.cut(text, 0, 2)).hasSize(3).satisfies(starts -> assertThat(text[starts[1] - 1])
			.isEqualTo((byte) '\n'));
	}

	@Test
	void fourSortedPartsMergeIntoEachCveOnceFromItsFirstLine() throws Exception {
		// given: 150,000 rows (about 4.5 MB, cut into four parts), a fifth of them repeating the CVE
		// of an earlier row (some in the same part, some in another, some a third time) with scores of their own
		SplittableRandom random = new SplittableRandom(5);
		List<String> lines = new ArrayList<>(List.of(EpssFiles.HEADER));
		for (int i = 0; i < 150_000; i++) {
			String cve = (i > 10 && random.nextInt(5) == 0) ? EpssFiles.cve(random.nextInt(i)) : EpssFiles.cve(i);
			lines.add(cve + "," + (random.nextInt(100_000) / 100_000.0) + "," + (random.nextInt(100_000) / 100_000.0));
		}
		byte[] text = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII);
		// what each CVE must keep, and which lines repeat one: the line in the file is the index + 2
		TreeMap<String, String> first = new TreeMap<>();
		List<String> duplicates = new ArrayList<>();
		Map<String, Integer> firstLine = new HashMap<>();
		for (int n = 1; n < lines.size(); n++) {
			String cve = lines.get(n).substring(0, lines.get(n).indexOf(','));
			if (first.putIfAbsent(cve, lines.get(n)) != null) {
				duplicates.add("line " + (n + 2) + ": duplicate " + cve + " (first on line " + firstLine.get(cve) + ")");
			}
			else {
				firstLine.put(cve, n + 2);
			}
		}

		// when
		int[] starts = EpssTextPart.cut(text, 0, 4);
		List<EpssTextPart> parts = new ArrayList<>();
		for (int i = 0; i < starts.length - 1; i++) {
			parts.add(EpssTextPart.read(text, starts[i], starts[i + 1], i == 0, 1_000_000, "test"));
		}
		BadRowLog bad = new BadRowLog(1_000_000);
		EpssRows rows = EpssTextPart.join(parts, bad);

		// then
		assertThat(starts).hasSize(5);
		List<String> merged = new ArrayList<>();
		for (int k = 0; k < rows.size(); k++) {
			merged.add(rows.cve(k) + "," + rows.epss(k) + "," + rows.percentile(k));
		}
		assertThat(merged).containsExactlyElementsOf(first.values());
		assertThat(duplicates).hasSizeGreaterThan(20_000);
		assertThat(bad.count()).isEqualTo(duplicates.size());
		assertThat(bad.samples()).containsExactlyInAnyOrderElementsOf(duplicates);
	}

	@Test
	void textWithAQuoteIsReadInOnePiece() {
		byte[] text = ("cve,epss,percentile\n" + "CVE-2024-0001,0.5,0.5\n".repeat(200_000) + "\"CVE-2024-0002\",0.1,0.1\n")
			.getBytes(StandardCharsets.US_ASCII);

		assertThat(EpssTextPart.cut(text, 0, 4)).containsExactly(0, text.length);
	}

	/** The inverse of {@link EpssFiles#cve(int)}. */
	private static int indexOf(String cve) {
		int year = Integer.parseInt(cve.substring(4, 8));
		int number = Integer.parseInt(cve.substring(9));
		return (number - 1000) * 27 + (year - 1999);
	}

}
