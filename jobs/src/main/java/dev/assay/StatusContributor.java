package dev.assay;

/**
 * One part of {@code assay status}: a capability reports its own state without the status command
 * reading its tables.
 */
public interface StatusContributor {

	/** Where the value goes in the JSON form, dot-separated, e.g. {@code feeds.epss}. */
	String path();

	/** The state, serialised to JSON; {@code null} when there is none yet (a feed never loaded). */
	Object status();

	/** The state as one or more lines of text for the plain form. */
	String describe();

}
