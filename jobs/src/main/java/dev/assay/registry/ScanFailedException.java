package dev.assay.registry;

/** One image could not be scanned; the message is the reason the image keeps, without secrets. */
class ScanFailedException extends RuntimeException {

	ScanFailedException(String message) {
		super(message);
	}

}
