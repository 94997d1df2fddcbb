/**
 * The runtime view: which images run where. The {@code runtime-reconcile} job
 * ({@link dev.assay.runtime.RuntimeReconcileJobConfiguration}) reads every cluster, through its
 * Kubernetes API ({@link dev.assay.runtime.KubeCluster}, pages of pods of all namespaces) or from
 * its newest snapshot file ({@link dev.assay.runtime.SnapshotCluster}, kubectl {@code List} or
 * kubelet {@code PodList}), and keeps one row per running container in {@code runtime_container}.
 *
 * <ul>
 * <li>Running: a container status with {@code state.running} ({@link dev.assay.runtime.PodStatuses}).
 * <li>Image: name from {@code .image}, digest from {@code .imageID}; bare ids are config ids, the
 * digest is then unknown ({@link dev.assay.runtime.ContainerImages}). Images are matched to the
 * scanned ones, or created not scanned, by {@link dev.assay.scans.RunningImageCatalog}.
 * <li>Each cluster that answered is replaced in one transaction of its own, as a difference; one
 * that failed keeps its rows, marked stale with the error ({@link dev.assay.runtime.RuntimeStore}).
 * </ul>
 * Other packages read it through {@link dev.assay.runtime.RunningImages}: where one image runs,
 * and the running images a rescan should take. The tables and views of {@code V9__runtime.sql}
 * are its published read model for the export.
 */
package dev.assay.runtime;
