package dev.assay.feeds.epss;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The text that LoadDataWriter writes reads back as exactly what it was given. */
class LoadDataWriterTests {

	@Test
	void everyFiveDecimalScoreIsWrittenAsItsPlainDecimal() throws IOException {
		for (int i = 1; i < 100_000; i++) {
			double score = i / 100_000.0;
			assertThat(written(score)).isEqualTo(plain(score));
		}
		// 0 and 1 have no fraction to write: any form that parses back will do.
		assertThat(Double.parseDouble(written(0.0))).isZero();
		assertThat(Double.parseDouble(written(1.0))).isOne();
	}

	@Test
	void anyDoubleReadsBackExactly() throws IOException {
		SplittableRandom random = new SplittableRandom(42);
		for (int i = 0; i < 200_000; i++) {
			double value = (i % 2 == 0) ? random.nextDouble() : Double.longBitsToDouble(random.nextLong());
			if (Double.isFinite(value)) {
				assertThat(Double.parseDouble(written(value))).as("%s", value).isEqualTo(value);
			}
		}
		for (double edge : new double[] { 0.0, 1.0, Double.MIN_VALUE, 0.1 + 0.2, 1 - Math.ulp(1.0), 1e-15, 123.5 }) {
			assertThat(Double.parseDouble(written(edge))).as("%s", edge).isEqualTo(edge);
		}
	}

	@Test
	void fieldsAreTabSeparatedRowsEndInANewlineAndNullIsBackslashN() throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (LoadDataWriter out = new LoadDataWriter(bytes)) {
			out.text("CVE-2025-1234").number(0.5).number(7L).nullValue().text(null).endRow();
			out.text("CVE-2025-1235").endRow();
		}
		assertThat(bytes.toString(StandardCharsets.US_ASCII)).isEqualTo("CVE-2025-1234\t0.5\t7\t\\N\t\\N\nCVE-2025-1235\n");
	}

	@Test
	void textThatLoadDataWouldSplitOrUnescapeIsRefused() {
		for (String bad : new String[] { "a\tb", "a\nb", "a\rb", "a\\b", "é" }) {
			assertThatIllegalArgumentException().as(bad)
				.isThrownBy(() -> new LoadDataWriter(new ByteArrayOutputStream()).text(bad))
				.withMessageContaining("is a tab, line break, backslash or not plain ASCII");
		}
	}

	@Test
	void rowsSpanningManyBufferFillsAreWrittenWhole() throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		StringBuilder expected = new StringBuilder();
		try (LoadDataWriter out = new LoadDataWriter(bytes)) {
			for (int i = 1; i < 50_000; i++) {
				out.text("CVE-2025-" + (10_000 + i)).number(i / 100_000.0).endRow();
				expected.append("CVE-2025-").append(10_000 + i).append('\t').append(plain(i / 100_000.0)).append('\n');
			}
		}
		assertThat(bytes.size()).isGreaterThan(1 << 16);
		assertThat(bytes.toString(StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
	}

	/** {@code 0.00043} for 4.3E-4: the decimal the double stands for, without an exponent or trailing zeros. */
	private static String plain(double value) {
		return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
	}

	private static String written(double value) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (LoadDataWriter out = new LoadDataWriter(bytes)) {
			out.number(value).endRow();
		}
		String line = bytes.toString(StandardCharsets.US_ASCII);
		assertThat(line).endsWith("\n");
		return line.substring(0, line.length() - 1);
	}

}
