package dev.assay.feeds.epss;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * One task on a thread of its own, for work that overlaps with its caller's. {@link #get} waits
 * for the result; {@link #close} waits for the thread to end, so a caller that fails first never
 * leaves it running behind its back. The task is not interrupted: the JDBC calls it makes would
 * not notice. Not thread-safe: it has one owner.
 *
 * @param <T> the result
 */
final class Background<T> implements AutoCloseable {

	private final FutureTask<T> task;

	private final Thread thread;

	private Background(FutureTask<T> task, Thread thread) {
		this.task = task;
		this.thread = thread;
	}

	/** Starts {@code work} on a new thread called {@code name}. */
	static <T> Background<T> start(String name, Callable<T> work) {
		FutureTask<T> task = new FutureTask<>(work);
		Thread thread = new Thread(task, name);
		thread.start();
		return new Background<>(task, thread);
	}

	/**
	 * The result, once the task is done.
	 * @throws ExecutionException with what the task threw as its cause
	 */
	T get() throws InterruptedException, ExecutionException {
		return this.task.get();
	}

	@Override
	public void close() throws InterruptedException {
		this.thread.join();
	}

}
