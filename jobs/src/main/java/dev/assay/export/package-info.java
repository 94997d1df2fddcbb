/**
 * Report files: the {@code export} job writes a report set ({@code images.csv},
 * {@code image-cves.csv}, {@code images.json}, {@code summary.json}, {@code summary.html},
 * {@code manifest.json}) into {@code assay.export.dir}, whole or not at all, with filters,
 * a change report against the previous set, and retention. It reads the published read models of
 * the scans, assessment, feeds and runtime packages and writes no table.
 */
package dev.assay.export;
