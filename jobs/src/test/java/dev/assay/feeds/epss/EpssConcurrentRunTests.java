package dev.assay.feeds.epss;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.assay.testing.Cli;
import dev.assay.testing.EpssFiles;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Two {@code run epss-ingest} against one database: one runs, the other is turned away with exit code 3. */
class EpssConcurrentRunTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@TempDir
	Path home;

	@Test
	void secondRunWhileTheFirstIsLoadingExitsBusyAndChangesNothing() throws Exception {
		// given: a feed whose download stays open half-way until the test lets it finish
		Cli cli = new Cli("epss_concurrent", this.home);
		EpssDatabase db = new EpssDatabase(cli);
		assertThat(cli.run("jobs").exitCode()).as("schema migrated").isZero();
		int rows = 2_000;
		byte[] feed = Files.readAllBytes(EpssFiles.write(this.home.resolve("feed.csv.gz"), rows, 1, "2025-09-06"));
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try (MockWebServer server = new MockWebServer()) {
			server.enqueue(new MockResponse.Builder().body(new HeldBody(feed, release)).build());
			// What a second download would get: it fails at once instead of waiting for an answer.
			server.enqueue(new MockResponse.Builder().code(404).build());
			server.start(0);
			String url = "url=" + server.url("/epss_scores-current.csv.gz");

			// when: the second starts once the first is visibly running
			Future<Cli.Result> first = threads.submit(() -> cli.run("run", "epss-ingest", url));
			awaitStarted(db, first);
			Future<Cli.Result> second = threads.submit(() -> cli.run("run", "epss-ingest", url));
			Cli.Result busy = second.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
			release.countDown();
			Cli.Result done = first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

			// then
			assertThat(busy.exitCode()).as(busy.out() + busy.err()).isEqualTo(3);
			assertThat(busy.out()).contains("Job epss-ingest is already running against this database; not started.");
			assertThat(done.exitCode()).as(done.out()).isZero();
			assertThat(server.getRequestCount()).isOne();
			assertThat(db.count("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION")).isOne();
			assertThat(db.count("SELECT COUNT(*) FROM epss_snapshot")).isOne();
			assertThat(db.count("SELECT COUNT(*) FROM epss_current")).isEqualTo(rows);
		}
		finally {
			release.countDown();
			threads.shutdown();
		}
	}

	/** Waits until the job execution of the first run is recorded as started. */
	private static void awaitStarted(EpssDatabase db, Future<Cli.Result> first) throws Exception {
		Instant deadline = Instant.now().plus(PATIENCE);
		while (db.count("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION WHERE STATUS = 'STARTED'") == 0) {
			assertThat(first.isDone()).as("the first run ended before it was seen running: %s",
					first.isDone() ? first.get() : null).isFalse();
			assertThat(Instant.now()).as("the first run never started").isBefore(deadline);
			Thread.sleep(50);
		}
	}

	/** Sends the first half of the file, then the rest once released: the download stays open until then. */
	private record HeldBody(byte[] bytes, CountDownLatch release) implements MockResponseBody {

		@Override
		public long getContentLength() {
			return this.bytes.length;
		}

		@Override
		public void writeTo(BufferedSink sink) throws IOException {
			int half = this.bytes.length / 2;
			sink.write(this.bytes, 0, half);
			sink.flush();
			try {
				if (!this.release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
					throw new IOException("the test never released the rest of the feed");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new InterruptedIOException("interrupted while holding the feed");
			}
			sink.write(this.bytes, half, this.bytes.length - half);
			sink.flush();
		}

	}

}
