package dev.assay.cli;

import java.util.List;
import java.util.Map;

import dev.assay.assessment.Exceptions;
import dev.assay.assessment.VulnException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

/** {@code assay exceptions list [--expired] [--json]}: the active exceptions, or the expired ones. */
@Command(name = "list", mixinStandardHelpOptions = true,
		description = "Lists the active exceptions (no expiry, or expiring today or later, UTC), or the expired ones.")
class ExceptionsListCommand extends ContextCommand {

	@Option(names = "--expired", description = "list the expired exceptions instead")
	boolean expired;

	@Option(names = "--json", description = "one JSON object on stdout: {\"exceptions\":[...]}")
	boolean json;

	@Override
	int call(ConfigurableApplicationContext context) {
		Exceptions exceptions = context.getBean(Exceptions.class);
		List<VulnException> listed = this.expired ? exceptions.expired() : exceptions.active();
		if (this.json) {
			out().println(context.getBean(JsonMapper.class).writeValueAsString(Map.of("exceptions", listed)));
			return 0;
		}
		if (listed.isEmpty()) {
			out().println(this.expired ? "No expired exceptions." : "No active exceptions.");
			return 0;
		}
		TextTable table = new TextTable("ID", "CVE", "SCOPE", "REGISTRY", "REPOSITORY", "TAGS", "EXPIRES", "OWNER",
				"JUSTIFICATION");
		for (VulnException exception : listed) {
			table.row(exception.id(), exception.cve(), exception.scope().value(), exception.registry(),
					exception.repository(), String.join(", ", exception.tags()), exception.expires(),
					exception.owner(), exception.justification());
		}
		table.print(out());
		return 0;
	}

}
