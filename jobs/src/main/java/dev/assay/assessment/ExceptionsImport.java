package dev.assay.assessment;

/**
 * What importing an exceptions file changed.
 *
 * @param added exceptions that were not stored before
 * @param updated stored exceptions whose justification, expiry or owner the file changed
 * @param unchanged stored exceptions the file repeats as they are
 */
public record ExceptionsImport(int added, int updated, int unchanged) {

}
