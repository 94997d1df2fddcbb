package dev.assay.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import picocli.CommandLine;

/**
 * The command line: {@code assay <command> [options] [--spring.property=value ...]}.
 * <p>
 * Arguments of the form {@code --name.with.dots=value} are Spring properties and go to the
 * application context; the rest is parsed by picocli before anything starts, so bad usage fails
 * fast. Exit codes: 0 done, 1 failed, 2 bad usage or configuration, 3 already running.
 */
public final class AssayCli {

	static final int FAILED = 1;

	static final int USAGE = 2;

	static final int BUSY = 3;

	private static final Pattern SPRING_PROPERTY = Pattern.compile("--[A-Za-z][\\w-]*(\\.[\\w\\[\\]-]+)+=.*");

	private AssayCli() {
	}

	/** Runs the command and returns its exit code; never calls {@link System#exit}. */
	public static int execute(String... args) {
		return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
	}

	/** Runs the command with its output and error text going to the given writers. */
	public static int execute(PrintWriter out, PrintWriter err, String... args) {
		List<String> springArgs = new ArrayList<>();
		List<String> commandArgs = new ArrayList<>();
		for (String arg : args) {
			(SPRING_PROPERTY.matcher(arg).matches() ? springArgs : commandArgs).add(arg);
		}
		Application application = new Application(springArgs.toArray(String[]::new));
		CommandLine commandLine = new CommandLine(new AssayCommand(application));
		commandLine.setOut(out);
		commandLine.setErr(err);
		commandLine.setExecutionExceptionHandler((ex, line, parsed) -> {
			Failure failure = Failure.of(ex);
			line.getErr().println("assay: " + failure.message());
			return failure.exitCode();
		});
		return commandLine.execute(commandArgs.toArray(String[]::new));
	}

}
