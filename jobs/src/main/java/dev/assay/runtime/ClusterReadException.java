package dev.assay.runtime;

/**
 * A cluster could not be read: its API failed or refused, or its snapshot file is unreadable. The
 * message names the cluster's source and what to do; it never holds a credential.
 */
class ClusterReadException extends RuntimeException {

	ClusterReadException(String message) {
		super(message);
	}

	ClusterReadException(String message, Throwable cause) {
		super(message, cause);
	}

}
