package dev.assay.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.assay.scans.ImageReference;

/**
 * Reads what one registry holds: its repositories (the configured list, else the catalog) that
 * the include and exclude patterns take, their tags, and the digest of each tag, up to the
 * registry's {@code concurrency} at once. A repository or tag that is no valid image reference is
 * skipped and reported, never put in a URL or handed to a scanner.
 */
final class RegistryDiscoverer {

	private final RegistrySettings registry;

	private final RegistryClient client;

	RegistryDiscoverer(RegistrySettings registry, RegistryClient client) {
		this.registry = registry;
		this.client = client;
	}

	/** @throws RegistryException where the registry cannot be read */
	Discovery discover() {
		List<String> skipped = Collections.synchronizedList(new ArrayList<>());
		RepositoryFilter filter = new RepositoryFilter(this.registry.include(), this.registry.exclude());
		List<String> listed = this.registry.repositories().isEmpty() ? this.client.catalog()
				: this.registry.repositories();
		List<String> repositories = new ArrayList<>();
		for (String repository : listed) {
			if (filter.test(repository) && valid(repository, null, null, skipped)) {
				repositories.add(repository);
			}
		}
		ExecutorService pool = Executors.newFixedThreadPool(this.registry.concurrency(), runnable -> {
			Thread thread = new Thread(runnable, "registry-" + this.registry.name());
			thread.setDaemon(true);
			return thread;
		});
		try {
			List<List<String>> tagLists = all(pool, repositories.stream()
				.<Callable<List<String>>>map(repository -> () -> this.client.tags(repository))
				.toList());
			List<String[]> tagged = new ArrayList<>();
			for (int i = 0; i < repositories.size(); i++) {
				for (String tag : tagLists.get(i)) {
					if (valid(repositories.get(i), tag, null, skipped)) {
						tagged.add(new String[] { repositories.get(i), tag });
					}
				}
			}
			List<String> digests = all(pool,
					tagged.stream().<Callable<String>>map(tag -> () -> this.client.digest(tag[0], tag[1])).toList());
			Map<List<String>, List<String>> images = new TreeMap<>((a, b) -> (a.get(0) + "@" + a.get(1))
				.compareTo(b.get(0) + "@" + b.get(1)));
			for (int i = 0; i < tagged.size(); i++) {
				String digest = digests.get(i);
				if (digest != null && valid(tagged.get(i)[0], null, digest, skipped)) {
					images.computeIfAbsent(List.of(tagged.get(i)[0], digest), key -> new ArrayList<>()).add(tagged.get(i)[1]);
				}
			}
			List<DiscoveredImage> discovered = images.entrySet()
				.stream()
				.map(image -> new DiscoveredImage(image.getKey().get(0), image.getKey().get(1),
						image.getValue().stream().sorted().toList()))
				.toList();
			return new Discovery(repositories.size(), tagged.size(), discovered, List.copyOf(skipped));
		}
		finally {
			pool.shutdownNow();
		}
	}

	private boolean valid(String repository, String tag, String digest, List<String> skipped) {
		try {
			new ImageReference(this.registry.host(), repository, tag, digest);
			return true;
		}
		catch (IllegalArgumentException ex) {
			skipped.add(this.registry.host() + "/" + repository + ((tag != null) ? ":" + tag : "")
					+ ((digest != null) ? "@" + digest : "") + " is no valid image reference: " + ex.getMessage());
			return false;
		}
	}

	private static <T> List<T> all(ExecutorService pool, List<Callable<T>> tasks) {
		try {
			List<T> results = new ArrayList<>(tasks.size());
			for (Future<T> future : pool.invokeAll(tasks)) {
				results.add(future.get());
			}
			return results;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RegistryException("Interrupted while reading a registry", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new RegistryException(ex.getCause().getMessage(), ex.getCause());
		}
	}

}
