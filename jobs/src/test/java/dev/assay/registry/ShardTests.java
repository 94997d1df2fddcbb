package dev.assay.registry;

import dev.assay.batch.Shard;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.assay.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Sharding: n runs split one rescan, every image scanned by exactly one of them. */
class ShardTests {

	@TempDir
	Path home;

	@Test
	void twoShardsScanEveryImageExactlyOnce() {
		try (TestRegistry registry = TestRegistry.open(this.home.resolve("storage"), this.home)) {
			TestImages images = new TestImages(registry.url());
			Map<String, String> fixtures = new HashMap<>();
			Set<String> all = new HashSet<>();
			for (int i = 0; i < 12; i++) {
				fixtures.put("app" + i, ScannerStandIn.GRYPE_FIXTURE);
				all.add(registry.host() + "/app" + i + "@" + images.push("app" + i, "1.0", "seed-" + i));
			}
			Rescan rescan = new Rescan(this.home, registry.url(), fixtures);

			Cli.Result first = rescan.run("shard=0", "shards=2");
			int firstCount = rescan.scanner.scanned().size();
			Cli.Result second = rescan.run("shard=1", "shards=2");

			assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
			assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
			List<String> scanned = rescan.scanner.scanned();
			assertThat(scanned).doesNotHaveDuplicates();
			assertThat(new HashSet<>(scanned)).isEqualTo(all);
			// each run took the digests whose first 8 bytes are its index modulo 2
			List<String> expectedFirst = new ArrayList<>();
			for (String reference : all) {
				String hex = reference.substring(reference.indexOf("sha256:") + 7);
				if (Long.remainderUnsigned(Long.parseUnsignedLong(hex.substring(0, 16), 16), 2) == 0) {
					expectedFirst.add(reference);
				}
			}
			assertThat(scanned.subList(0, firstCount)).containsExactlyInAnyOrderElementsOf(expectedFirst);
			assertThat(first.out()).contains("Scans (shard 0 of 2): " + expectedFirst.size() + " run");
		}
	}

	@Test
	void shardsOfOneRescanLockApartSoTheyRunSideBySide() throws Exception {
		try (TestRegistry registry = TestRegistry.open(this.home.resolve("storage"), this.home)) {
			TestImages images = new TestImages(registry.url());
			Map<String, String> fixtures = new HashMap<>();
			for (int i = 0; i < 4; i++) {
				fixtures.put("app" + i, ScannerStandIn.GRYPE_FIXTURE);
				images.push("app" + i, "1.0", "side-" + i);
			}
			Rescan rescan = new Rescan(this.home, registry.url(), fixtures);
			// given: another pod is running shard 0 of 2, holding its lock as JobRunner takes it
			try (Connection other = rescan.sql.connect(); PreparedStatement lock = other.prepareStatement(
					"SELECT GET_LOCK(CONCAT('assay:', DATABASE(), ':', 'registry-rescan:shard-0-of-2'), 0)")) {
				try (ResultSet taken = lock.executeQuery()) {
					assertThat(taken.next() && taken.getInt(1) == 1).as("lock taken").isTrue();
				}

				// when
				Cli.Result otherShard = rescan.run("shard=1", "shards=2");
				Cli.Result sameShard = rescan.run("shard=0", "shards=2");

				// then
				assertThat(otherShard.exitCode()).as(otherShard.out() + otherShard.err()).isZero();
				assertThat(sameShard.exitCode()).as(sameShard.out() + sameShard.err()).isEqualTo(3);
				assertThat(sameShard.out() + sameShard.err()).contains("registry-rescan (shard 0 of 2) is already running");
			}
		}
	}

	@Test
	void theIndexComesFromJobCompletionIndexWhereShardIsNotGiven() throws Exception {
		JobParameters parameters = new JobParametersBuilder().addString("shards", "3").toJobParameters();

		Shard shard = Shard.of(parameters, Map.of(Shard.COMPLETION_INDEX, "2"));

		assertThat(shard).isEqualTo(new Shard(2, 3));
	}

	@Test
	void shardParametersAreChecked() {
		assertRefused(Map.of("shards", "2"), Map.of(), "shards=2 needs shard=i (0 to 1), or the environment variable"
				+ " JOB_COMPLETION_INDEX");
		assertRefused(Map.of("shard", "1"), Map.of(), "shard=1 needs shards=n");
		assertRefused(Map.of("shard", "2", "shards", "2"), Map.of(), "shard=2 is outside 0 to 1 for shards=2");
		assertRefused(Map.of("shards", "2"), Map.of(Shard.COMPLETION_INDEX, "x"), "JOB_COMPLETION_INDEX=x is not a"
				+ " whole number");
		assertRefused(Map.of("shard", "0", "shards", "0"), Map.of(), "shards=0 must be at least 1");
	}

	@Test
	void badShardParametersAreBadUsage() {
		Cli cli = new Cli("registry_shards", this.home);

		Cli.Result result = cli.run("run", "registry-rescan", "shard=5", "shards=2");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).contains("shard=5 is outside 0 to 1 for shards=2");
	}

	private static void assertRefused(Map<String, String> parameters, Map<String, String> environment, String message) {
		JobParametersBuilder builder = new JobParametersBuilder();
		parameters.forEach(builder::addString);
		assertThatExceptionOfType(InvalidJobParametersException.class)
			.isThrownBy(() -> Shard.of(builder.toJobParameters(), environment))
			.withMessageContaining(message);
	}

}
