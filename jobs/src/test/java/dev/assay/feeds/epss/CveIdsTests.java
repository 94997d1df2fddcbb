package dev.assay.feeds.epss;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** CveIds keeps ids as they were given and orders them as the ascii_bin key does. */
class CveIdsTests {

	@Test
	void idsComeBackAsGivenAfterTheArraysGrew() throws IOException {
		// given: far more ids, and longer ones, than the room made at first
		List<String> given = randomIds(5_000);
		CveIds ids = new CveIds(1);
		given.forEach(ids::add);

		// when
		CveIds copied = new CveIds(1);
		for (int i = 0; i < ids.size(); i++) {
			copied.add(ids, i);
		}

		// then
		assertThat(ids.size()).isEqualTo(given.size());
		List<String> read = new ArrayList<>();
		ByteArrayOutputStream text = new ByteArrayOutputStream();
		try (LoadDataWriter writer = new LoadDataWriter(text)) {
			for (int i = 0; i < copied.size(); i++) {
				read.add(ids.get(i));
				copied.writeTo(writer, i);
				writer.endRow();
			}
		}
		assertThat(read).isEqualTo(given);
		assertThat(text.toString(StandardCharsets.US_ASCII)).isEqualTo(String.join("\n", given) + "\n");
	}

	@Test
	void idsCompareInTheByteOrderOfStrings() {
		// given: ids of one year with numbers of different lengths, where byte order and number order differ
		List<String> given = randomIds(3_000);
		given.addAll(List.of("CVE-2021-999", "CVE-2021-1000", "CVE-2021-10000", "CVE-2021-0999", "CVE-2021-1000"));
		CveIds ids = new CveIds(given.size());
		given.forEach(ids::add);

		// then: ascii_bin is byte order, which String.compareTo gives for ASCII text
		for (int n = 0; n < 20_000; n++) {
			int i = n % given.size();
			int j = (n * 7919) % given.size();
			assertThat(Integer.signum(ids.compare(i, ids, j))).as("%s against %s", given.get(i), given.get(j))
				.isEqualTo(Integer.signum(given.get(i).compareTo(given.get(j))));
		}
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < given.size(); i++) {
			order.add(i);
		}
		order.sort((a, b) -> ids.compare(a, ids, b));
		assertThat(order.stream().map(given::get).toList()).isSortedAccordingTo(Comparator.naturalOrder());
	}

	@Test
	void anIdThatIsNotAsciiIsRefused() {
		CveIds ids = new CveIds(4);
		assertThatIllegalArgumentException().isThrownBy(() -> ids.add("CVE-2024-12\u00e93"))
			.withMessageContaining("must be ASCII");
		assertThat(ids.size()).isZero();
	}

	private static List<String> randomIds(int count) {
		SplittableRandom random = new SplittableRandom(11);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int digits = 4 + random.nextInt(5);
			StringBuilder id = new StringBuilder("CVE-").append(1999 + random.nextInt(28)).append('-');
			for (int d = 0; d < digits; d++) {
				id.append((char) ('0' + random.nextInt(10)));
			}
			ids.add(id.toString());
		}
		return ids;
	}

}
