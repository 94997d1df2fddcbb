package dev.assay.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * A subcommand that runs inside the started application and stops it when done. It may sit at any
 * depth below {@code assay} ({@code assay exceptions import}): the application comes from the root
 * command.
 */
abstract class ContextCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Override
	public final Integer call() {
		checkUsage();
		AssayCommand root = (AssayCommand) this.spec.root().userObject();
		ConfigurableApplicationContext context = root.application.start(profiles());
		try {
			return call(context);
		}
		finally {
			Application.stop(context);
		}
	}

	/** Refuses bad usage with a {@link UsageException} before anything starts. */
	void checkUsage() {
	}

	/** The Spring profiles the command runs with; none for a one-shot command. */
	String[] profiles() {
		return new String[0];
	}

	abstract int call(ConfigurableApplicationContext context);

	java.io.PrintWriter out() {
		return this.spec.commandLine().getOut();
	}

	java.io.PrintWriter err() {
		return this.spec.commandLine().getErr();
	}

}
