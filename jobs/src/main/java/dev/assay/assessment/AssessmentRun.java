package dev.assay.assessment;

import java.util.Map;

/**
 * What one assessment did.
 *
 * @param ran whether anything was computed; {@code false} when nothing changed since the last one
 * @param why what made it run: {@code FIRST}, {@code NEW_SCAN}, {@code THRESHOLDS},
 * {@code EXCEPTIONS}, {@code FEEDS}, {@code FORCED} (comma-separated), or {@code NOTHING_CHANGED}
 * @param images how many images were assessed
 * @param changes how many of them got a different result
 * @param results the results of the assessed images, by result
 */
public record AssessmentRun(boolean ran, String why, int images, int changes, Map<String, Integer> results) {
}
