package dev.assay.scans;

/**
 * One CVSS rating of a finding, as the report gives it.
 *
 * @param score the base score, 0.0 to 10.0: the report's own, or computed from the vector where
 * the report gave only a vector (or a score out of range)
 * @param vector the vector as the report wrote it, or {@code null}
 * @param source who rated it as the report names them ({@code nvd@nist.gov}, {@code redhat},
 * {@code NVD}), or {@code null}
 */
public record Cvss(double score, String vector, String source) {

}
