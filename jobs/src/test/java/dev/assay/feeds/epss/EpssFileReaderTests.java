package dev.assay.feeds.epss;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

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

	/** The inverse of {@link EpssFiles#cve(int)}. */
	private static int indexOf(String cve) {
		int year = Integer.parseInt(cve.substring(4, 8));
		int number = Integer.parseInt(cve.substring(9));
		return (number - 1000) * 27 + (year - 1999);
	}

}
