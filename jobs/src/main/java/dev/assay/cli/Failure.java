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
				// The innermost cause is the converter's or the settings record's own message.
				Throwable reason = bind;
				while (reason.getCause() != null) {
					reason = reason.getCause();
				}
				// The property is known when its value did not convert; a record's own check names it itself.
				String name = (bind.getProperty() != null) ? bind.getProperty().getName().toString() : bind.getName().toString();
				return new Failure("invalid configuration " + name + ": " + reason.getMessage(), AssayCli.USAGE);
			}
			if (cause instanceof UsageException || cause instanceof IllegalArgumentException) {
				return new Failure(cause.getMessage(), AssayCli.USAGE);
			}
		}
		return new Failure(bestMessage(ex), AssayCli.FAILED);
	}

	/**
	 * Spring wraps failures several times. assay's own exceptions say what failed and what to do, so
	 * the outermost of those wins; otherwise the innermost message is the most specific.
	 */
	private static String bestMessage(Throwable ex) {
		String innermost = ex.toString();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null && isAssays(cause)) {
				return cause.getMessage();
			}
			if (cause.getMessage() != null) {
				innermost = cause.getMessage();
			}
		}
		return innermost;
	}

	private static boolean isAssays(Throwable ex) {
		StackTraceElement[] trace = ex.getStackTrace();
		return ex.getClass().getName().startsWith("dev.assay.")
				|| (trace.length > 0 && trace[0].getClassName().startsWith("dev.assay."));
	}

}
