package dev.assay.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * A cluster read from the folder {@code <snapshots-dir>/<cluster>/}: its newest {@code *.json} file
 * (by modification time, then name) is its snapshot, whose time is the file's. The file is
 * {@code kubectl get pods -A -o json} output (kind {@code List}) or a kubelet {@code /pods}
 * {@code PodList}, streamed pod by pod: only each pod's {@code metadata} and {@code status} are
 * read into memory.
 */
final class SnapshotCluster implements ClusterSource {

	/** Reads one pod's parts as trees from the middle of the stream, which goes on after them. */
	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private final String name;

	private final Path folder;

	SnapshotCluster(String name, Path folder) {
		this.name = name;
		this.folder = folder;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String kind() {
		return "SNAPSHOT";
	}

	@Override
	public Instant read(Consumer<RunningContainer> sink) {
		Path file = newest();
		try {
			Instant time = Files.getLastModifiedTime(file).toInstant();
			readPods(file, sink);
			return time;
		}
		catch (IOException ex) {
			throw new ClusterReadException("Could not read " + file + ": " + ex.getMessage(), ex);
		}
	}

	/** The newest {@code *.json} file of the folder. */
	Path newest() {
		try (Stream<Path> files = Files.list(this.folder)) {
			return files.filter(Files::isRegularFile)
				.filter(file -> file.getFileName().toString().endsWith(".json"))
				.max(Comparator.comparing(SnapshotCluster::modified).thenComparing(Path::getFileName))
				.orElseThrow(() -> new ClusterReadException("No snapshot in " + this.folder
						+ ": put the output of 'kubectl get pods -A -o json' there as a .json file"));
		}
		catch (IOException ex) {
			throw new ClusterReadException("Could not list " + this.folder + ": " + ex.getMessage(), ex);
		}
	}

	private static FileTime modified(Path file) {
		try {
			return Files.getLastModifiedTime(file);
		}
		catch (IOException ex) {
			return FileTime.fromMillis(0);
		}
	}

	private static void readPods(Path file, Consumer<RunningContainer> sink) {
		try (JsonParser parser = MAPPER.createParser(file.toFile())) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw notPodList(file, "it is not a JSON object");
			}
			String kind = null;
			boolean items = false;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String property = parser.currentName();
				JsonToken value = parser.nextToken();
				if (property.equals("kind")) {
					kind = parser.getValueAsString();
				}
				else if (property.equals("items") && value == JsonToken.START_ARRAY) {
					items = true;
					while (parser.nextToken() == JsonToken.START_OBJECT) {
						readPod(file, parser, sink);
					}
				}
				else {
					parser.skipChildren();
				}
			}
			if (parser.nextToken() != null) {
				throw notPodList(file, "more follows its JSON object" + where(parser.currentLocation()));
			}
			if (kind != null && !kind.equals("List") && !kind.equals("PodList")) {
				throw notPodList(file, "its kind is " + kind);
			}
			if (!items) {
				throw notPodList(file, "it has no items array");
			}
		}
		catch (UnexpectedEndOfInputException ex) {
			throw new ClusterReadException(file + " ends in the middle of its JSON" + where(ex.getLocation())
					+ ": the snapshot is truncated. Write it again, completely.", ex);
		}
		catch (JacksonException ex) {
			String message = String.valueOf(ex.getOriginalMessage());
			if (message.startsWith("Unexpected end-of-input")) {
				throw new ClusterReadException(file + " ends in the middle of its JSON" + where(ex.getLocation())
						+ ": the snapshot is truncated. Write it again, completely.", ex);
			}
			throw new ClusterReadException(file + " is not valid JSON" + where(ex.getLocation()) + ": "
					+ message.lines().findFirst().orElse(message), ex);
		}
	}

	/** One element of {@code items}; the parser is at its start and is left at its end. */
	private static void readPod(Path file, JsonParser parser, Consumer<RunningContainer> sink) {
		TokenStreamLocation start = parser.currentLocation();
		JsonNode metadata = MissingNode.getInstance();
		JsonNode status = MissingNode.getInstance();
		String kind = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String property = parser.currentName();
			parser.nextToken();
			switch (property) {
				case "metadata" -> metadata = MAPPER.readTree(parser);
				case "status" -> status = MAPPER.readTree(parser);
				case "kind" -> kind = parser.getValueAsString();
				default -> parser.skipChildren();
			}
		}
		if (kind != null && !kind.equals("Pod")) {
			throw notPodList(file, "an item" + where(start) + " is a " + kind + ", not a Pod");
		}
		try {
			PodStatuses.running(metadata, status, sink);
		}
		catch (IllegalArgumentException ex) {
			throw new ClusterReadException(file + ": the item" + where(start) + " is " + ex.getMessage(), ex);
		}
	}

	private static ClusterReadException notPodList(Path file, String why) {
		return new ClusterReadException(file + " is not a pod list (" + why + "): a snapshot is the output of"
				+ " 'kubectl get pods -A -o json' or a kubelet /pods PodList");
	}

	private static String where(TokenStreamLocation location) {
		return (location != null && location.getLineNr() > 0)
				? " at line " + location.getLineNr() + ", column " + location.getColumnNr() : "";
	}

}
