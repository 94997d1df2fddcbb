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
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.assay.scans.ImageReference;
import dev.assay.scans.ImageScans;
import dev.assay.scans.ReportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans the images that are due ({@link RescanPolicy}) and belong to this run's {@link Shard}, those
 * a discovery found and the queued running images alike, {@code assay.scanner.parallelism} at once.
 * Each scanner's report is imported through {@link ImageScans} as the image's newest scan; a scan
 * that fails leaves its image UNKNOWN with the reason and is tried again after the back-off, and
 * the others go on.
 */
final class ImageRescan {

	private static final Logger log = LoggerFactory.getLogger(ImageRescan.class);

	private final ImageScans scans;

	private final ScannerProcess scanner;

	private final Map<String, RegistrySettings> registries;

	private final int parallelism;

	ImageRescan(ImageScans scans, ScannerProcess scanner, List<RegistrySettings> registries, int parallelism) {
		this.scans = scans;
		this.scanner = scanner;
		this.registries = registries.stream().collect(Collectors.toMap(RegistrySettings::name, Function.identity()));
		this.parallelism = parallelism;
	}

	/**
	 * Scans the due images of this shard among the candidates, all groups through one pool.
	 * @return one outcome per group, in order
	 */
	List<Outcome> run(List<Candidates> groups, RescanPolicy policy, Shard shard) {
		LocalDateTime now = now();
		List<Due> due = new ArrayList<>();
		int[] fresh = new int[groups.size()];
		for (int group = 0; group < groups.size(); group++) {
			for (TrackedImage image : groups.get(group).images()) {
				if (!shard.takes(image.digest())) {
					continue;
				}
				String why = policy.due(image, now);
				if (why == null) {
					fresh[group]++;
				}
				else {
					log.info("Scanning {} ({})", image.reference(), why);
					due.add(new Due(image, groups.get(group).outcomes(), group));
				}
			}
		}
		AtomicIntegerArray succeeded = new AtomicIntegerArray(groups.size());
		AtomicIntegerArray failed = new AtomicIntegerArray(groups.size());
		ExecutorService pool = Executors.newFixedThreadPool(this.parallelism, runnable -> {
			Thread thread = new Thread(runnable, "registry-scan");
			thread.setDaemon(true);
			return thread;
		});
		try {
			List<Future<?>> running = new ArrayList<>();
			for (Due image : due) {
				running.add(pool.submit(() -> {
					(scan(image.image(), image.outcomes()) ? succeeded : failed).incrementAndGet(image.group());
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
		List<Outcome> outcomes = new ArrayList<>();
		for (int group = 0; group < groups.size(); group++) {
			outcomes.add(new Outcome(succeeded.get(group), fresh[group], failed.get(group)));
		}
		return outcomes;
	}

	/** Scans one image and records the outcome; whether it succeeded. */
	private boolean scan(TrackedImage image, ScanOutcomes outcomes) {
		ImageReference reference = image.reference();
		Path report = null;
		try {
			report = this.scanner.scan(reference, this.registries.get(image.registry()));
			int findings = this.scans.importReport(reference, image.tags(), report, reference.toString());
			outcomes.scanned(image, now());
			log.info("Scanned {}: {} findings", reference, findings);
			return true;
		}
		catch (ScanFailedException ex) {
			failed(image, outcomes, ex.getMessage());
		}
		catch (ReportException ex) {
			String reason = (report != null) ? ex.getMessage().replace(report.toString(), "the scanner's output")
					: ex.getMessage();
			failed(image, outcomes, "The scanner printed no valid report: " + reason);
		}
		finally {
			if (report != null) {
				report.toFile().delete();
			}
		}
		return false;
	}

	private void failed(TrackedImage image, ScanOutcomes outcomes, String reason) {
		log.warn("Could not scan {}: {}", image.reference(), reason);
		this.scans.recordFailure(image.reference(), reason);
		outcomes.failed(image, now(), reason);
	}

	static LocalDateTime now() {
		return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
	}

	/** Images to consider, and where their scans' outcomes are kept. */
	record Candidates(List<TrackedImage> images, ScanOutcomes outcomes) {
	}

	/** Scans that succeeded, images fresh enough to skip (or waiting out a back-off), scans that failed. */
	record Outcome(int scanned, int fresh, int failed) {
	}

	private record Due(TrackedImage image, ScanOutcomes outcomes, int group) {
	}

}
