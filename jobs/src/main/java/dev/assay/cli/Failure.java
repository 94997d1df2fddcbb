package dev.assay.cli;

import dev.assay.db.DatabaseBusyException;

import org.springframework.boot.context.properties.bind.BindException;

/** Maps what went wrong in a command to its message and exit code. */
record Failure(String message, int exitCode) {

	static Failure of(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof DatabaseBusyException) {
				return new Failure(cause.getMessage(), AssayCli.BUSY);
			}
			if (cause instanceof BindException bind) {
				if (bind.getProperty() == null) {
					// A settings record refused the values it was bound with: its own message,
					// innermost, names the properties.
					return new Failure("invalid configuration: " + deepestMessage(bind), AssayCli.USAGE);
				}
				Throwable reason = (bind.getCause() != null) ? bind.getCause() : bind;
				return new Failure("invalid configuration " + bind.getProperty().getName() + ": "
						+ reason.getMessage(), AssayCli.USAGE);
			}
			if (cause instanceof UsageException || cause instanceof IllegalArgumentException) {
				return new Failure(cause.getMessage(), AssayCli.USAGE);
			}
		}
		return new Failure(deepestMessage(ex), AssayCli.FAILED);
	}

	/** Spring wraps start-up failures several times; the innermost message says what to do. */
	private static String deepestMessage(Throwable ex) {
		String message = ex.toString();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null) {
				message = cause.getMessage();
			}
		}
		return message;
	}

}
