package dev.assay.cli;

import java.nio.file.Path;

import dev.assay.assessment.Exceptions;
import dev.assay.assessment.ExceptionsCsv;
import dev.assay.assessment.ExceptionsFile;
import dev.assay.assessment.ExceptionsImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import org.springframework.context.ConfigurableApplicationContext;

/** {@code assay exceptions import <file.csv>}: adds and updates exceptions from a CSV file, all or nothing. */
@Command(name = "import", mixinStandardHelpOptions = true,
		description = { "Imports exceptions from a CSV file: every row, or none.",
				"A bad row imports nothing, and the message names every bad line. An exception already stored with"
						+ " the same CVE, Scope, Registry, Repository and Tags is updated (Justification, and Expires"
						+ " and Owner where the file has those columns), not duplicated. Stored exceptions the file"
						+ " does not list stay; remove them with delete." },
		footer = { "", "Exit codes: 0 imported, 2 bad file (nothing imported), 1 other failure." })
class ExceptionsImportCommand extends ContextCommand {

	@Parameters(index = "0", paramLabel = "<file.csv>", description = "the CSV file")
	Path file;

	private ExceptionsFile read;

	/** The whole file is checked before the database is opened. */
	@Override
	void checkUsage() {
		this.read = ExceptionsCsv.read(this.file);
	}

	@Override
	int call(ConfigurableApplicationContext context) {
		ExceptionsImport done = context.getBean(Exceptions.class).importFile(this.read);
		out().println("Imported " + this.read.exceptions().size() + " exceptions from " + this.file + ": "
				+ done.added() + " added, " + done.updated() + " updated, " + done.unchanged() + " unchanged.");
		return 0;
	}

}
