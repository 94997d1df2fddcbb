package dev.assay.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.assay.assessment.AssessmentProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

/** {@code assay thresholds}: the warn and fail thresholds in effect. */
@Command(name = "thresholds", mixinStandardHelpOptions = true,
		description = { "Shows the warn and fail thresholds in effect.",
				"An image FAILs at or above the fail threshold, else WARNs at or above the warn threshold,",
				"else PASSes.",
				"Set them with --assay.assessment.warn-threshold and --assay.assessment.fail-threshold." })
class ThresholdsCommand extends ContextCommand {

	@Option(names = "--json", description = "one JSON object on stdout")
	boolean json;

	@Override
	int call(ConfigurableApplicationContext context) {
		AssessmentProperties thresholds = context.getBean(AssessmentProperties.class);
		if (this.json) {
			Map<String, Object> root = new LinkedHashMap<>();
			root.put("warnThreshold", thresholds.warnThreshold());
			root.put("failThreshold", thresholds.failThreshold());
			out().println(context.getBean(JsonMapper.class).writeValueAsString(root));
		}
		else {
			out().println("warn " + thresholds.warnThreshold());
			out().println("fail " + thresholds.failThreshold());
		}
		return 0;
	}

}
