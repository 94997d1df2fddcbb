/**
 * Running assay for real: the {@link dev.assay.schedule.Pipeline} of all jobs, the clustered Quartz
 * scheduler of {@code assay schedule}, and the job, image and feed metrics it serves (and one-shot
 * runs push).
 */
package dev.assay.schedule;
