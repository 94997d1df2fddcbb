package dev.assay.registry;

import dev.assay.batch.Shard;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.assay.scans.ImageReference;
import dev.assay.scans.ImageScans;
import dev.assay.scans.ReportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans the images a discovery found that are due ({@link RescanPolicy}) and belong to this run's
 * {@link Shard}, {@code assay.scanner.parallelism} at once. Each scanner's report is imported
 * through {@link ImageScans} as the image's newest scan; a scan that fails leaves its image
 * UNKNOWN with the reason and is tried again after the back-off, and the others go on.
 */
final class ImageRescan {

	private static final Logger log = LoggerFactory.getLogger(ImageRescan.class);

	private final RegistryStore store;

	private final ImageScans scans;

	private final ScannerProcess scanner;

	private final Map<String, RegistrySettings> registries;

	private final int parallelism;

	ImageRescan(RegistryStore store, ImageScans scans, ScannerProcess scanner, List<RegistrySettings> registries,
			int parallelism) {
		this.store = store;
		this.scans = scans;
		this.scanner = scanner;
		this.registries = registries.stream().collect(Collectors.toMap(RegistrySettings::name, Function.identity()));
		this.parallelism = parallelism;
	}

	/** Scans the due images of this shard among those seen at {@code seenAt}. */
	Outcome run(List<String> registryNames, LocalDateTime seenAt, RescanPolicy policy, Shard shard) {
		LocalDateTime now = now();
		List<TrackedImage> due = new ArrayList<>();
		int fresh = 0;
		for (TrackedImage image : this.store.seenAt(registryNames, seenAt)) {
			if (!shard.takes(image.digest())) {
				continue;
			}
			String why = policy.due(image, now);
			if (why == null) {
				fresh++;
			}
			else {
				log.info("Scanning {} ({})", image.reference(), why);
				due.add(image);
			}
		}
		AtomicInteger failed = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(this.parallelism, runnable -> {
			Thread thread = new Thread(runnable, "registry-scan");
			thread.setDaemon(true);
			return thread;
		});
		try {
			List<Future<?>> running = new ArrayList<>();
			for (TrackedImage image : due) {
				running.add(pool.submit(() -> {
					if (!scan(image)) {
						failed.incrementAndGet();
					}
				}));
			}
			for (Future<?> scan : running) {
				scan.get();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RegistryException("Interrupted while scanning registry images", ex);
		}
		catch (ExecutionException ex) {
			// A scanner that cannot start, or a database that went away: no later scan would do better.
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new RegistryException(String.valueOf(ex.getCause().getMessage()), ex.getCause());
		}
		finally {
			pool.shutdownNow();
		}
		return new Outcome(due.size() - failed.get(), fresh, failed.get());
	}

	/** Scans one image and records the outcome; whether it succeeded. */
	private boolean scan(TrackedImage image) {
		ImageReference reference = image.reference();
		Path report = null;
		try {
			report = this.scanner.scan(reference, this.registries.get(image.registry()));
			int findings = this.scans.importReport(reference, image.tags(), report, reference.toString());
			this.store.scanned(image, now());
			log.info("Scanned {}: {} findings", reference, findings);
			return true;
		}
		catch (ScanFailedException ex) {
			failed(image, ex.getMessage());
		}
		catch (ReportException ex) {
			String reason = (report != null) ? ex.getMessage().replace(report.toString(), "the scanner's output")
					: ex.getMessage();
			failed(image, "The scanner printed no valid report: " + reason);
		}
		finally {
			if (report != null) {
				report.toFile().delete();
			}
		}
		return false;
	}

	private void failed(TrackedImage image, String reason) {
		log.warn("Could not scan {}: {}", image.reference(), reason);
		this.scans.recordFailure(image.reference(), reason);
		this.store.failed(image, now(), reason);
	}

	static LocalDateTime now() {
		return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
	}

	/** Scans that succeeded, images fresh enough to skip, scans that failed. */
	record Outcome(int scanned, int fresh, int failed) {
	}

}
