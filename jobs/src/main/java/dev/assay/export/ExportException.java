package dev.assay.export;

/** An export that could not write its report set; the message names the folder and what to do. */
class ExportException extends RuntimeException {

	ExportException(String message, Throwable cause) {
		super(message, cause);
	}

}
