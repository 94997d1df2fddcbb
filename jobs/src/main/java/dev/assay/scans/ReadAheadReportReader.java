package dev.assay.scans;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads the report files of an import ahead of the step: up to {@code ahead} files are hashed
 * and parsed (by a {@link ReportFileProcessor}) on worker threads, one per processor, while the
 * step writes the chunk before them. Without it the database waited while a chunk was parsed and
 * the parsers waited while it was written; now parsing hides behind writing.
 * <p>
 * Each item is the pending result of one file, in the order of the files; {@link #await} turns it
 * into what the processor made of it, so a refused file is still skipped (and an imported one
 * still filtered) by the step as a processing outcome. Not thread-safe: the step reads from one
 * thread, which must hold the step's scope while the reader is open (a running step's thread does):
 * Spring Batch drops a scope's context whenever no thread holds it, so a worker registering just
 * then would find none.
 */
class ReadAheadReportReader implements ItemStreamReader<Future<ImportedReport>> {

	private final StepExecution step;

	private final Iterator<Path> files;

	private final ItemProcessor<Path, ImportedReport> processor;

	private final int ahead;

	private final Deque<Future<ImportedReport>> pending = new ArrayDeque<>();

	private ExecutorService workers;

	/**
	 * @param step the step that reads, whose scope the workers share (the import summary is
	 * step-scoped)
	 * @param files the files to import, in order
	 * @param ahead how many files may be read before the step asks for them
	 */
	ReadAheadReportReader(StepExecution step, List<Path> files, ItemProcessor<Path, ImportedReport> processor,
			int ahead) {
		this.step = step;
		this.files = files.iterator();
		this.processor = processor;
		this.ahead = ahead;
	}

	@Override
	public void open(ExecutionContext executionContext) {
		this.workers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), workerThreads());
	}

	@Override
	public Future<ImportedReport> read() {
		while (this.pending.size() <= this.ahead && this.files.hasNext()) {
			Path file = this.files.next();
			this.pending.add(this.workers.submit(() -> process(file)));
		}
		return this.pending.poll();
	}

	private ImportedReport process(Path file) throws Exception {
		StepSynchronizationManager.register(this.step);
		try {
			return this.processor.process(file);
		}
		finally {
			StepSynchronizationManager.close();
		}
	}

	/**
	 * Stops the workers; files read ahead but never asked for are dropped, unwritten, and one still
	 * awaited ends in {@link #await} with an {@link IllegalStateException}.
	 */
	@Override
	public void close() {
		if (this.workers == null) {
			return;
		}
		// A file never started is cancelled, so that nothing waits for it forever.
		for (Runnable never : this.workers.shutdownNow()) {
			((Future<?>) never).cancel(false);
		}
		try {
			this.workers.awaitTermination(1, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.pending.clear();
	}

	/**
	 * What the processor made of a file read ahead: the report, {@code null} for a file imported
	 * before, or the {@link ReportException} that refuses it, thrown here.
	 */
	static ImportedReport await(Future<ImportedReport> read) throws InterruptedException {
		try {
			return read.get();
		}
		catch (CancellationException ex) {
			throw new IllegalStateException("The import was stopped before this report was read", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException("Could not read a report: " + ex.getCause(), ex.getCause());
		}
	}

	private static ThreadFactory workerThreads() {
		AtomicInteger count = new AtomicInteger();
		return work -> {
			Thread thread = new Thread(work, "scan-import-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
