package dev.assay.scans;

/**
 * A file could not be read as a scan report. The message names the file, says what is wrong with
 * it (or what it looks like instead) and what to do.
 */
public class ReportException extends RuntimeException {

	public ReportException(String message) {
		super(message);
	}

	public ReportException(String message, Throwable cause) {
		super(message, cause);
	}

}
