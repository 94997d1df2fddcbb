package dev.assay.cli;

import java.nio.file.Path;
import java.util.List;

import dev.assay.assessment.Exceptions;
import dev.assay.assessment.ExceptionsCsv;
import dev.assay.assessment.VulnException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.springframework.context.ConfigurableApplicationContext;

/** {@code assay exceptions export <file.csv>}: every exception, active or expired, as a CSV file to import back. */
@Command(name = "export", mixinStandardHelpOptions = true,
		description = "Writes every exception, active and expired, to a CSV file (RFC 4180) that import reads back.")
class ExceptionsExportCommand extends ContextCommand {

	@Parameters(index = "0", paramLabel = "<file.csv>", description = "the CSV file to write (replaced if it exists)")
	Path file;

	@Override
	int call(ConfigurableApplicationContext context) {
		List<VulnException> exceptions = context.getBean(Exceptions.class).all();
		ExceptionsCsv.write(exceptions, this.file);
		out().println("Exported " + exceptions.size() + " exceptions to " + this.file + ".");
		return 0;
	}

}
