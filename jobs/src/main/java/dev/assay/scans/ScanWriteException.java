package dev.assay.scans;

/** The database refused a chunk of reports; the message names them and the database's reason. */
class ScanWriteException extends RuntimeException {

	ScanWriteException(String message, Throwable cause) {
		super(message, cause);
	}

}
