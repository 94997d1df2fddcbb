package dev.assay.db;

/**
 * The database, or the job meant to run against it, is already in use by another assay process.
 * The command line turns it into exit code 3.
 */
public class DatabaseBusyException extends RuntimeException {

	public DatabaseBusyException(String message) {
		super(message);
	}

}
