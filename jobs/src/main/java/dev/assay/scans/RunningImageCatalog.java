package dev.assay.scans;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds the image rows of images that run in clusters, and creates those assay never scanned, for
 * the runtime package. The matching rule, first rule that finds an image wins, the oldest image
 * among several:
 * <ol>
 * <li>the same digest (repository digest, or config id where the cluster gave only that) and the
 * same registry and repository;
 * <li>the same digest and the same name as Docker resolves it ({@code alpine},
 * {@code docker.io/library/alpine}: one Docker Hub repository);
 * <li>the same digest and the same repository in an image whose registry is blank, because its
 * report did not name one.
 * </ol>
 * A running image without any digest matches only the image of the same registry and repository
 * that has no digest either. An image found nowhere is created {@code NOT_SCANNED}, unknown reason
 * {@value #NOT_SCANNED_REASON}, so that it is judged UNKNOWN.
 * <p>
 * Set-based: one query per {@value #BATCH} digests to find, one batch to create. Runs in its
 * caller's transaction, if any; thread-safe.
 */
@Component
public class RunningImageCatalog {

	/** Why an image created here has no result. */
	public static final String NOT_SCANNED_REASON = "not scanned";

	private static final int BATCH = 1_000;

	private static final String CREATE = """
			INSERT INTO image (registry, repository, digest, digest_kind, first_seen, scan_status, unknown_reason,
				changed_at)
			VALUES (?, ?, ?, ?, ?, 'NOT_SCANNED', ?, ?)
			ON DUPLICATE KEY UPDATE id = id""";

	private final JdbcTemplate jdbc;

	RunningImageCatalog(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The image id of each running image, creating the images not found.
	 * @return an id for every image given
	 */
	public Map<RunningImage, Long> idsOf(Collection<RunningImage> images) {
		List<RunningImage> distinct = List.copyOf(new LinkedHashSet<>(images));
		Map<RunningImage, Long> ids = new HashMap<>(find(distinct));
		List<RunningImage> missing = distinct.stream().filter(image -> !ids.containsKey(image)).toList();
		if (!missing.isEmpty()) {
			// One image per name as Docker resolves it: docker.io/library/alpine@d and alpine@d are one image.
			Map<String, RunningImage> created = new LinkedHashMap<>();
			missing.forEach(image -> created.putIfAbsent(
					image.digest().isEmpty() ? image.toString() : image.dockerName() + "@" + image.digest(), image));
			create(List.copyOf(created.values()));
			ids.putAll(find(missing));
		}
		return ids;
	}

	private Map<RunningImage, Long> find(List<RunningImage> images) {
		Map<String, List<Stored>> byDigest = new HashMap<>();
		for (List<RunningImage> batch : batches(images)) {
			List<Object> args = new ArrayList<>();
			StringBuilder where = new StringBuilder();
			Set<String> digests = new LinkedHashSet<>();
			for (RunningImage image : batch) {
				if (image.digest().isEmpty()) {
					where.append(where.isEmpty() ? "" : " OR ").append("(registry = ? AND repository = ? AND digest = '')");
					args.add(image.registry());
					args.add(image.repository());
				}
				else {
					digests.add(image.digest());
				}
			}
			if (!digests.isEmpty()) {
				where.append(where.isEmpty() ? "" : " OR ")
					.append("digest IN (")
					.append(String.join(", ", Collections.nCopies(digests.size(), "?")))
					.append(')');
				args.addAll(digests);
			}
			this.jdbc.query("SELECT id, registry, repository, digest FROM image WHERE " + where, row -> {
				byDigest.computeIfAbsent(row.getString(4), digest -> new ArrayList<>())
					.add(new Stored(row.getLong(1), row.getString(2), row.getString(3)));
			}, args.toArray());
		}
		Map<RunningImage, Long> ids = new HashMap<>();
		for (RunningImage image : images) {
			List<Stored> candidates = byDigest.getOrDefault(image.digest(), List.of());
			Long id = first(candidates, stored -> stored.registry().equals(image.registry())
					&& stored.repository().equals(image.repository()));
			if (id == null && !image.digest().isEmpty()) {
				id = first(candidates,
						stored -> DockerNames.normalize(stored.registry(), stored.repository()).equals(image.dockerName()));
			}
			if (id == null && !image.digest().isEmpty()) {
				id = first(candidates, stored -> stored.registry().isEmpty() && DockerNames
					.repositoryOnly(stored.repository())
					.equals(DockerNames.repositoryOnly(image.repository())));
			}
			if (id != null) {
				ids.put(image, id);
			}
		}
		return ids;
	}

	private static Long first(List<Stored> candidates, Predicate<Stored> rule) {
		return candidates.stream().filter(rule).map(Stored::id).min(Comparator.naturalOrder()).orElse(null);
	}

	private void create(List<RunningImage> images) {
		LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
		this.jdbc.batchUpdate(CREATE, images, BATCH, (statement, image) -> {
			statement.setString(1, image.registry());
			statement.setString(2, image.repository());
			statement.setString(3, image.digest());
			statement.setString(4, (image.digestKind() != null) ? image.digestKind().name() : null);
			statement.setObject(5, now);
			statement.setString(6, NOT_SCANNED_REASON);
			statement.setObject(7, now);
		});
	}

	private static List<List<RunningImage>> batches(List<RunningImage> images) {
		List<List<RunningImage>> batches = new ArrayList<>();
		for (int from = 0; from < images.size(); from += BATCH) {
			batches.add(images.subList(from, Math.min(images.size(), from + BATCH)));
		}
		return batches;
	}

	private record Stored(long id, String registry, String repository) {
	}

}
