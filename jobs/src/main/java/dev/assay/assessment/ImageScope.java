package dev.assay.assessment;

/**
 * The images an assessment computes results for, as SQL joins: every image, or those marked in the
 * scratch table {@code assess_image}.
 *
 * @param images the join restricting an image table aliased {@code i}, empty for every image
 * @param findings the join restricting a finding table aliased {@code f}, empty for every image
 */
record ImageScope(String images, String findings) {

	static final ImageScope ALL = new ImageScope("", "");

	static final ImageScope MARKED = new ImageScope("JOIN assess_image s ON s.image_id = i.id",
			"JOIN assess_image s ON s.image_id = f.image_id");

}
