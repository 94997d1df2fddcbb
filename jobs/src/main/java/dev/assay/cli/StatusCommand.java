package dev.assay.cli;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.assay.StatusContributor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

/** {@code assay status}: feed snapshots and counts, as text or one JSON object. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Shows feed snapshots and counts.")
class StatusCommand extends ContextCommand {

	@Option(names = "--json", description = "one JSON object on stdout")
	boolean json;

	@Override
	int call(ConfigurableApplicationContext context) {
		List<StatusContributor> contributors = context.getBeanProvider(StatusContributor.class)
			.orderedStream()
			.sorted(Comparator.comparing(StatusContributor::path))
			.toList();
		if (this.json) {
			Map<String, Object> root = new LinkedHashMap<>();
			for (StatusContributor contributor : contributors) {
				put(root, contributor.path().split("\\."), contributor.status());
			}
			out().println(context.getBean(JsonMapper.class).writeValueAsString(root));
		}
		else {
			for (StatusContributor contributor : contributors) {
				out().println(contributor.path() + ": " + contributor.describe().replace("\n", "\n  "));
			}
		}
		return 0;
	}

	@SuppressWarnings("unchecked")
	private static void put(Map<String, Object> root, String[] path, Object value) {
		Map<String, Object> node = root;
		for (int i = 0; i < path.length - 1; i++) {
			node = (Map<String, Object>) node.computeIfAbsent(path[i], key -> new LinkedHashMap<String, Object>());
		}
		node.put(path[path.length - 1], value);
	}

}
