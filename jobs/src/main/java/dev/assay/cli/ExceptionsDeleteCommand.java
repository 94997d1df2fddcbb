package dev.assay.cli;

import java.util.Optional;

import dev.assay.assessment.Exceptions;
import dev.assay.assessment.VulnException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.springframework.context.ConfigurableApplicationContext;

/** {@code assay exceptions delete <id>}: removes one exception. */
@Command(name = "delete", mixinStandardHelpOptions = true,
		description = "Deletes one exception by its id (see: assay exceptions list, list --expired).")
class ExceptionsDeleteCommand extends ContextCommand {

	@Parameters(index = "0", paramLabel = "<id>", description = "the exception's id")
	long id;

	@Override
	int call(ConfigurableApplicationContext context) {
		Optional<VulnException> deleted = context.getBean(Exceptions.class).delete(this.id);
		if (deleted.isEmpty()) {
			err().println("assay: No exception has id " + this.id
					+ "; assay exceptions list (and list --expired) shows the ids.");
			return AssayCli.FAILED;
		}
		out().println("Deleted exception " + this.id + ": " + deleted.get().cve() + ", scope "
				+ deleted.get().scope().value() + ".");
		return 0;
	}

}
