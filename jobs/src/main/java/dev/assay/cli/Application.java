package dev.assay.cli;

import dev.assay.AssayApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the Spring application for a command that needs it, with the Spring properties given on
 * the command line, and shuts it down when the command is done.
 */
final class Application {

	private final String[] springArgs;

	Application(String[] springArgs) {
		this.springArgs = springArgs;
	}

	/** Starts the context with the given profiles active; close it with {@link #stop}. */
	ConfigurableApplicationContext start(String... profiles) {
		return new SpringApplicationBuilder(AssayApplication.class).profiles(profiles).run(this.springArgs);
	}

	/**
	 * Closes the context. The Quartz scheduler would otherwise keep the JVM alive after a one-shot
	 * command.
	 */
	static void stop(ConfigurableApplicationContext context) {
		SpringApplication.exit(context);
	}

}
