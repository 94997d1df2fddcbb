package dev.assay.cli;

import java.util.List;
import java.util.stream.Collectors;

import dev.assay.assessment.Assessment;
import dev.assay.assessment.ImageView;
import dev.assay.assessment.ImageViewMatch;
import dev.assay.assessment.ImageViewSelector;
import dev.assay.assessment.ImageViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

/** {@code assay image <ref>}: one image's result, counts and findings. */
@Command(name = "image", mixinStandardHelpOptions = true,
		description = "Shows one image: its result, thresholds, counts and findings (highest CVSS first).",
		footer = { "", "<ref> is one of: registry/repo:tag, registry/repo@sha256:..., repo:tag (in any registry),"
				+ " sha256:... (in any repository), registry/repo (when the repository holds one image).", "",
				"Exit codes: 0 shown, 1 no image matches, 2 malformed reference or one that matches several images." })
class ImageCommand extends ContextCommand {

	/** How many matches an ambiguous reference lists. */
	private static final int LISTED = 20;

	@Parameters(index = "0", paramLabel = "<ref>", description = "the image reference")
	String reference;

	@Option(names = "--json", description = "one JSON object on stdout")
	boolean json;

	private ImageViewSelector selector;

	@Override
	void checkUsage() {
		this.selector = ImageViewSelector.parse(this.reference);
	}

	@Override
	int call(ConfigurableApplicationContext context) {
		ImageViews views = context.getBean(ImageViews.class);
		List<ImageViewMatch> matches = views.find(this.selector);
		if (matches.isEmpty()) {
			err().println("assay: No image matches '" + this.reference
					+ "'. Check the reference, or import the image's scan first.");
			return AssayCli.FAILED;
		}
		if (matches.size() > 1) {
			String listed = matches.stream()
				.limit(LISTED)
				.map(ImageViewMatch::reference)
				.collect(Collectors.joining("\n  ", "\n  ", ""));
			String more = (matches.size() > LISTED) ? "\n  ... and " + (matches.size() - LISTED) + " more" : "";
			throw new UsageException("'" + this.reference + "' matches " + matches.size()
					+ " images; give a fuller reference, one of:" + listed + more);
		}
		// A result is never shown from rules that have changed since it was computed.
		context.getBean(Assessment.class).assessIfStale();
		ImageView view = views.view(matches.get(0).imageId());
		if (this.json) {
			out().println(context.getBean(JsonMapper.class).writeValueAsString(view));
		}
		else {
			ImageViewText.print(view, out());
		}
		return 0;
	}

}
