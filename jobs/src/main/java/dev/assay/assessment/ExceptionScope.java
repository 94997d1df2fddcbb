package dev.assay.assessment;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which images an exception covers; stored and written as its lower-case {@link #value()}. */
public enum ExceptionScope {

	/** Every image. */
	ANY,

	/** Every image of one registry and repository, whatever its tags. */
	REPO,

	/** The images of one registry and repository that carry one of the listed tags. */
	IMAGE;

	/** {@code any}, {@code repo} or {@code image}, as in the CSV file and the database. */
	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The scope written as {@code value}, in any letter case.
	 * @return the scope, or {@code null} when {@code value} names none
	 */
	public static ExceptionScope of(String value) {
		for (ExceptionScope scope : values()) {
			if (scope.value().equalsIgnoreCase(value)) {
				return scope;
			}
		}
		return null;
	}

}
