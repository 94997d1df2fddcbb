package dev.assay.registry;

/**
 * A registry could not be read, or an image could not be scanned. The message says which registry,
 * what went wrong and what to do; it never holds a credential.
 */
public class RegistryException extends RuntimeException {

	public RegistryException(String message) {
		super(message);
	}

	public RegistryException(String message, Throwable cause) {
		super(message, cause);
	}

}
