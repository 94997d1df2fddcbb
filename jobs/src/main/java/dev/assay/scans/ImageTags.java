package dev.assay.scans;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Adds the tags of new current scans to their images. A tag names one manifest of a repository at a
 * time, so it moves: an image with a digest that is given a tag takes it from the other images of
 * its registry and repository whose current scan is not newer (they count as changed), and does not
 * get it where one with a newer scan holds it. Tags that no newer report moves stay, also those seen
 * only on an older scan; older reports add none. An image without a digest, keyed by its name, holds
 * only the tags of its current scan, and takes none from images with a digest.
 * <p>
 * A chunk costs one look-up of the tags' holders (by the tag index) and a few batches by primary
 * key. Runs in the caller's transaction, after the images' current scans were set; thread-safe.
 */
class ImageTags {

	/** The images with a digest that hold any of the tags, locked for this transaction. */
	private static final String HOLDERS = """
			SELECT t.image_id, t.tag, o.registry, o.repository, o.last_scanned
			FROM image_tag t JOIN image o ON o.id = t.image_id
			WHERE o.digest <> '' AND t.tag IN (%s) FOR UPDATE""";

	private static final String ADD = """
			INSERT INTO image_tag (image_id, tag) VALUES (?, ?) ON DUPLICATE KEY UPDATE tag = VALUES(tag)""";

	private final JdbcTemplate jdbc;

	ImageTags(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void add(Collection<CurrentScan> scans, LocalDateTime now) {
		// Where reports of this chunk give one tag to several images, the newest scan takes it
		// (of equal ones, the report imported last), as if they had been written one by one.
		Map<List<String>, CurrentScan> taggers = new LinkedHashMap<>();
		List<Object[]> untagged = new ArrayList<>();
		List<Object[]> added = new ArrayList<>();
		for (CurrentScan scan : scans) {
			ImageKey key = scan.image();
			if (key.digest().isEmpty()) {
				untagged.add(new Object[] { scan.imageId() });
			}
			for (String tag : scan.report().image().tags()) {
				if (key.digest().isEmpty()) {
					added.add(new Object[] { scan.imageId(), tag });
				}
				else {
					taggers.merge(List.of(key.registry(), key.repository(), tag), scan,
							(earlier, later) -> later.scannedAt().isBefore(earlier.scannedAt()) ? earlier : later);
				}
			}
		}
		List<Object[]> removed = new ArrayList<>();
		Set<Long> losers = new LinkedHashSet<>();
		Map<List<String>, List<Holder>> holders = holders(taggers.keySet());
		taggers.forEach((tag, scan) -> {
			List<Holder> others = holders.getOrDefault(tag, List.of())
				.stream()
				.filter(holder -> holder.imageId() != scan.imageId())
				.toList();
			if (others.stream().anyMatch(holder -> holder.newerThan(scan.scannedAt()))) {
				removed.add(new Object[] { scan.imageId(), tag.get(2) });
				return;
			}
			for (Holder holder : others) {
				removed.add(new Object[] { holder.imageId(), tag.get(2) });
				losers.add(holder.imageId());
			}
			added.add(new Object[] { scan.imageId(), tag.get(2) });
		});
		if (!untagged.isEmpty()) {
			this.jdbc.batchUpdate("DELETE FROM image_tag WHERE image_id = ?", untagged);
		}
		if (!removed.isEmpty()) {
			this.jdbc.batchUpdate("DELETE FROM image_tag WHERE image_id = ? AND tag = ?", removed);
		}
		if (!losers.isEmpty()) {
			this.jdbc.batchUpdate("UPDATE image SET changed_at = ? WHERE id = ?",
					losers.stream().map(id -> new Object[] { now, id }).toList());
		}
		if (!added.isEmpty()) {
			this.jdbc.batchUpdate(ADD, added);
		}
	}

	/** The images with a digest holding each registry, repository and tag, by one look-up of the tags. */
	private Map<List<String>, List<Holder>> holders(Set<List<String>> tags) {
		Map<List<String>, List<Holder>> holders = new HashMap<>();
		if (tags.isEmpty()) {
			return holders;
		}
		Object[] names = tags.stream().map(tag -> tag.get(2)).distinct().toArray();
		this.jdbc.query(HOLDERS.formatted(String.join(", ", Collections.nCopies(names.length, "?"))), row -> {
			List<String> tag = List.of(row.getString(3), row.getString(4), row.getString(2));
			if (tags.contains(tag)) {
				holders.computeIfAbsent(tag, key -> new ArrayList<>())
					.add(new Holder(row.getLong(1), row.getObject(5, LocalDateTime.class)));
			}
		}, names);
		return holders;
	}

	/** An image holding a tag, with the time of its current scan ({@code null} where it has none). */
	private record Holder(long imageId, LocalDateTime lastScanned) {

		boolean newerThan(LocalDateTime scannedAt) {
			return this.lastScanned != null && this.lastScanned.isAfter(scannedAt);
		}

	}

}
