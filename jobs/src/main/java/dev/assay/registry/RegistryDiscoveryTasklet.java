package dev.assay.registry;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import dev.assay.batch.JobSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.core.scope.context.ChunkContext;

/**
 * Reads every configured registry and records what it serves. A registry that cannot be read is
 * recorded with why, and the others are still read; the job then fails at its end (see
 * {@link RegistryRescanJobConfiguration}). What the scan step needs is left in the job's context:
 * when the images were seen and which registries were read.
 */
final class RegistryDiscoveryTasklet implements Tasklet {

	static final String SEEN_AT = "registry.seenAt";

	static final String READ = "registry.read";

	static final String ERRORS = "registry.errors";

	/** The summary names this many skipped references; the log has them all. */
	private static final int LISTED = 10;

	private static final Logger log = LoggerFactory.getLogger(RegistryDiscoveryTasklet.class);

	private final List<RegistrySettings> registries;

	private final RegistryClients clients;

	private final RegistryStore store;

	RegistryDiscoveryTasklet(List<RegistrySettings> registries, RegistryClients clients, RegistryStore store) {
		this.registries = registries;
		this.clients = clients;
		this.store = store;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		StepExecution step = contribution.getStepExecution();
		LocalDateTime seenAt = ImageRescan.now();
		Redactor redactor = new Redactor();
		this.registries.forEach(registry -> redactor.add(registry.password()));
		List<String> read = new ArrayList<>();
		List<String> errors = new ArrayList<>();
		for (RegistrySettings registry : this.registries) {
			try {
				Discovery discovery = new RegistryDiscoverer(registry, this.clients.create(registry, redactor)).discover();
				int added = this.store.seen(registry, discovery.images(), seenAt);
				this.store.ran(registry, seenAt, discovery.repositories(), discovery.tags(), null);
				read.add(registry.name());
				contribution.incrementReadCount();
				JobSummary.add(step, String.format("Registry %s (%s): %d repositories, %d tags, %d digests (%d new)",
						registry.name(), registry.shownUrl(), discovery.repositories(), discovery.tags(),
						discovery.images().size(), added));
				skipped(step, registry, discovery.skipped());
			}
			catch (RegistryException ex) {
				String reason = redactor.redact(ex.getMessage());
				log.error("Registry {} could not be read: {}", registry.name(), reason);
				this.store.ran(registry, seenAt, 0, 0, reason);
				errors.add(reason);
				JobSummary.add(step, "Registry " + registry.name() + " (" + registry.shownUrl() + ") could not be read: "
						+ reason);
			}
		}
		ExecutionContext job = step.getJobExecution().getExecutionContext();
		job.putString(SEEN_AT, seenAt.toString());
		job.putString(READ, String.join(",", read));
		job.putString(ERRORS, String.join("\n", errors));
		return RepeatStatus.FINISHED;
	}

	private static void skipped(StepExecution step, RegistrySettings registry, List<String> skipped) {
		skipped.forEach(reason -> log.warn("Registry {}: skipped {}", registry.name(), reason));
		if (!skipped.isEmpty()) {
			JobSummary.add(step, "  skipped " + skipped.size() + ": "
					+ String.join("; ", skipped.subList(0, Math.min(LISTED, skipped.size())))
					+ ((skipped.size() > LISTED) ? "; ..." : ""));
		}
	}

}
