/**
 * Scan results: reading the reports that scanners write into assay's model of an image and its
 * findings. {@link dev.assay.scans.ScanReports#read(java.nio.file.Path)} is the way in;
 * {@link dev.assay.scans.ImageReference} parses image references for this and other packages.
 *
 * <h2>Formats</h2> Grype JSON, Trivy JSON (SchemaVersion 2 and the pre-0.20 top-level array) and
 * CycloneDX JSON with a {@code vulnerabilities} array, told apart by content. Refused with a
 * message: empty, truncated or malformed files, CycloneDX SBOMs without vulnerabilities (they would
 * pass an image nobody scanned), {@code trivy k8s} cluster reports (many workloads, no digests:
 * scan each image instead), KEV catalogs, Kubernetes objects and anything else.
 *
 * <h2>Image</h2> See {@link dev.assay.scans.ImageIdentity}: the repository digest where the
 * report gives one, else the manifest digest, else the config id marked as such; registry blank
 * unless the report names it; a report naming no image reference is keyed by its name alone.
 *
 * <h2>Time of the scan</h2> The report's own time stamp (Grype {@code descriptor.timestamp}, Trivy
 * {@code CreatedAt}, CycloneDX {@code metadata.timestamp}), an RFC 3339 date-time with offset; none
 * where the report has none or Go's zero time. It decides which scan of an image is the newest, so
 * one that is no such date-time, or is before 1970, refuses the report.
 *
 * <h2>Findings</h2> One per vulnerability id, package name and package version; repeated
 * statements collapse. CVE aliases come from Grype's {@code relatedVulnerabilities}, Trivy's
 * {@code VendorIDs} and CycloneDX {@code references} (CVE ids only). Severity is kept as written.
 * Statements that the image is not affected (VEX {@code not_affected}, {@code false_positive},
 * {@code resolved}, {@code resolved_with_pedigree}; Trivy status {@code not_affected}) are counted
 * in {@link dev.assay.scans.ScanReport#notAffected()}, not made findings.
 *
 * <h2>CVSS</h2> A finding's v3 score is the highest v3.0/v3.1 base score NVD gives for it in the
 * report (Grype: {@code cvss[]} of the match's vulnerability and related vulnerabilities with
 * source {@code nvd@nist.gov}, or without a source in an {@code nvd} namespace; Trivy:
 * {@code CVSS.nvd}; CycloneDX: ratings whose source, or else the vulnerability's source, is NVD);
 * where NVD gives none, the highest from any source (early Grype's {@code cvssV3} names none). A
 * score that is not a number from 0 to 10 is ignored for its entry, whose vector (if any) is then
 * scored by the CVSS calculator, as is a vector given without a score. v2 and v4 ratings are
 * selected the same way and kept, not counted.
 *
 * <h2>Import</h2> The {@code scan-import} job ({@link dev.assay.scans.ScanImportJobConfiguration})
 * imports every report of a folder and its subfolders ({@code dir=}, else {@code assay.import.dir},
 * default {@code <assay.home>/import}; names starting with a dot are left out) or one file
 * ({@code file=}). Files are remembered by the SHA-256 of their bytes ({@code scan_file}): imported
 * ones are never imported again; refused ones are recorded and tried again by the next run, each
 * named with its reason in the job summary, while the job completes. A report that names no image
 * at all is refused: its findings would belong to nothing.
 * <ul>
 * <li>Image key: registry, repository and digest as the report gives them, {@code ''} where it does
 * not; without a repository, the report's name for the image is the key.
 * <li>A report becomes its image's current scan unless it is older than the current one (by its own
 * time stamp, else the time of the import; of equal ones the one imported last): its findings
 * replace the image's and {@code image.changed_at} is set. An older report is kept in {@code scan}
 * only. A report more than an hour ahead of this machine's clock is refused.
 * <li>Tags: a current scan adds its tags, and tags seen before stay, but a tag names one manifest of
 * a repository at a time, so it moves to the image with the newest scan that gives it (the image it
 * leaves counts as changed). An image without a digest holds only its current scan's tags.
 * </ul>
 */
package dev.assay.scans;
