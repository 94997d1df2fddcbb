package dev.assay.assessment;

import java.util.List;

/**
 * The exceptions of one CSV file, every row valid, in the order of the file and without repeats.
 * <p>
 * A file may leave out the optional {@code Expires} and {@code Owner} columns (the six-column
 * form other tools write); importing it then keeps the expiry and owner already stored for the
 * exceptions it updates, rather than wiping them.
 *
 * @param exceptions the exceptions, without ids
 * @param statesExpires whether the file has an {@code Expires} column
 * @param statesOwner whether the file has an {@code Owner} column
 */
public record ExceptionsFile(List<VulnException> exceptions, boolean statesExpires, boolean statesOwner) {

	public ExceptionsFile {
		exceptions = List.copyOf(exceptions);
	}

}
