package dev.assay.cli;

/** The command was used wrongly (exit code 2); the message says how to use it. */
class UsageException extends RuntimeException {

	UsageException(String message) {
		super(message);
	}

}
