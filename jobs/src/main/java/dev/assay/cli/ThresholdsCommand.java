package dev.assay.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.assay.assessment.Assessment;
import dev.assay.assessment.AssessmentProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

/** {@code assay thresholds}: the thresholds in effect. */
@Command(name = "thresholds", mixinStandardHelpOptions = true,
		description = { "Prints the thresholds in effect: FAIL at or above fail, WARN at or above warn, else PASS.",
				"Set them with --assay.assessment.warn-threshold=7.0 --assay.assessment.fail-threshold=8.0." })
class ThresholdsCommand extends ContextCommand {

	@Option(names = "--json", description = "one JSON object on stdout: {\"warn\":7.0,\"fail\":8.0}")
	boolean json;

	@Override
	int call(ConfigurableApplicationContext context) {
		AssessmentProperties thresholds = context.getBean(Assessment.class).thresholds();
		if (this.json) {
			Map<String, Object> object = new LinkedHashMap<>();
			object.put("warn", thresholds.warnThreshold());
			object.put("fail", thresholds.failThreshold());
			out().println(context.getBean(JsonMapper.class).writeValueAsString(object));
		}
		else {
			out().println("warn " + thresholds.warnThreshold());
			out().println("fail " + thresholds.failThreshold());
		}
		return 0;
	}

}
