package dev.assay.assessment;

/**
 * An image that a reference names.
 *
 * @param imageId the image's id, for {@link ImageViews#view(long)}
 * @param reference the fullest reference of the image: {@code registry/repository@digest}, or
 * {@code registry/repository:tag} for an image without digest
 */
public record ImageViewMatch(long imageId, String reference) {

}
