/**
 * Assessment: each image's result (PASS, WARN, FAIL, UNKNOWN) against the thresholds and the
 * exceptions in force, with counts by band, KEV count and max EPSS, kept in
 * {@code image_assessment}, and every change of result in {@code result_change}.
 * {@link dev.assay.assessment.Assessment} is the way in for other packages; the {@code assess} job
 * and its {@code assessStep} call it.
 *
 * <h2>Rules</h2> Over an image's current findings that no exception in force covers: max CVSS is
 * the highest v3 score; each vulnerability id counts once, in the band of its highest score
 * (critical from 9.0, high from 7.0, medium from 4.0, low from 0.1, else none); KEV count is the
 * distinct CVEs in the KEV catalog; max EPSS stays {@code null} when no finding has a score. An
 * excepted finding counts nowhere. FAIL from the fail threshold, WARN from the warn threshold, else
 * PASS, also with no scored finding at all; UNKNOWN, with the image's reason, without a complete
 * scan.
 *
 * <h2>Exceptions</h2> An exception covers a finding whose CVE or vulnerability id it names: in
 * every image (scope {@code any}), in the images of one registry and repository ({@code repo}), or
 * in those of them carrying one of its tags ({@code image}); until the end of its expiry day, UTC.
 *
 * <h2>When</h2> Every image is assessed again when the thresholds, the exceptions in force or the
 * EPSS snapshot or KEV catalog changed since the last assessment; otherwise only the images whose
 * {@code changed_at} moved (new scans). Nothing is written when nothing changed.
 *
 * <h2>How</h2> What an image's findings give before any rule (max CVSS, counts by band) is kept in
 * {@code image_finding_summary}, counted again only when its {@code changed_at} moves (or with
 * {@code force=true}). Assessing every image for new rules or feeds then starts from the summaries
 * and looks up only the findings the rules touch; see {@code ImageAssessor}.
 */
package dev.assay.assessment;
