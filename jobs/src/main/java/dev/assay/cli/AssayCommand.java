package dev.assay.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top command: shows the usage when no subcommand is given. */
@Command(name = "assay", mixinStandardHelpOptions = true, version = "assay 0.1.0",
		description = { "Keeps one MariaDB database current with EPSS, CISA KEV, image scans and running",
				"images, and judges every image Pass / Warn / Fail / Unknown.", "",
				"Any Spring property can be given as --name=value,",
				"e.g. --spring.datasource.url=jdbc:mariadb://db/assay." },
		subcommands = { RunCommand.class, JobsCommand.class, StatusCommand.class, ImageCommand.class,
				ExceptionsCommand.class, ThresholdsCommand.class, DemoCommand.class, ScheduleCommand.class },
		exitCodeListHeading = "%nExit codes:%n",
		exitCodeList = { "0:done (or nothing to do)", "1:failed", "2:bad usage or configuration",
				"3:the same job is already running against this database" })
class AssayCommand implements Runnable {

	final Application application;

	@Spec
	CommandSpec spec;

	AssayCommand(Application application) {
		this.application = application;
	}

	@Override
	public void run() {
		throw new picocli.CommandLine.ParameterException(this.spec.commandLine(), "Missing command.");
	}

}
