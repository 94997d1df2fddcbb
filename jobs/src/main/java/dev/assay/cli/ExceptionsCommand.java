package dev.assay.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code assay exceptions ...}: the vulnerability exceptions; shows the usage without a subcommand. */
@Command(name = "exceptions", mixinStandardHelpOptions = true,
		description = {
				"Manages vulnerability exceptions: a CVE that no longer counts against the images its scope covers.",
				"Scopes: any (every image), repo (every tag of one registry + repository), image (the listed tags"
						+ " of one registry + repository)." },
		subcommands = { ExceptionsImportCommand.class, ExceptionsListCommand.class, ExceptionsExportCommand.class,
				ExceptionsDeleteCommand.class },
		footer = { "", "CSV header: CVE,Registry,Repository,Tags,Justification,Scope[,Expires,Owner]; other columns are"
				+ " ignored. Tags is a JSON list such as [\"v1.2.3\",\"v2.3.4\"]; Expires a date yyyy-MM-dd, the last"
				+ " day (UTC) the exception applies." })
class ExceptionsCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		throw new ParameterException(this.spec.commandLine(), "Missing subcommand: import, list, export or delete.");
	}

}
