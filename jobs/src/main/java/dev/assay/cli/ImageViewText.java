package dev.assay.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.Locale;

import dev.assay.assessment.ImageView;

/** The text form of {@code assay image}: a header of labelled lines, then one table row per finding. */
final class ImageViewText {

	private ImageViewText() {
	}

	static void print(ImageView view, PrintWriter out) {
		String name = (view.registry().isEmpty() ? "" : view.registry() + "/") + view.repository();
		out.println("Image       " + name + (view.digest().isEmpty() ? " (no digest)" : "@" + view.digest()));
		out.println("Tags        " + (view.tags().isEmpty() ? "none" : String.join(", ", view.tags())));
		if (view.result() == null) {
			String reason = (view.unknownReason() != null) ? "; no complete scan: " + view.unknownReason() : "";
			out.println("Result      not assessed yet (run: assay run assess)" + reason);
		}
		else {
			out.println("Result      " + result(view));
			out.println("Thresholds  warn at " + view.thresholds().warn() + ", fail at " + view.thresholds().fail());
			ImageView.Counts counts = view.counts();
			out.println("Counts      critical " + counts.critical() + ", high " + counts.high() + ", medium "
					+ counts.medium() + ", low " + counts.low() + ", none " + counts.none());
			out.println("KEV         " + view.kevCount() + " known exploited, max EPSS " + decimal(view.maxEpss()));
		}
		if (view.runningInstances() > 0) {
			out.println("Running     " + view.runningInstances() + " containers in " + view.clusters() + " clusters");
		}
		out.println();
		if (view.findings().isEmpty()) {
			out.println("No findings.");
			return;
		}
		TextTable table = new TextTable("ID", "CVE", "PACKAGE", "VERSION", "FIXED", "CVSS", "EPSS", "PERCENTILE",
				"KEV", "EXCEPTED");
		for (ImageView.Finding finding : view.findings()) {
			table.row(finding.id(), finding.cve(), finding.packageName(), finding.version(), finding.fixedVersion(),
					(finding.cvss() != null) ? finding.cvss() : "N/A", decimal(finding.epss()),
					decimal(finding.percentile()), finding.kev() ? "yes" : "",
					finding.excepted() ? "yes: " + finding.exceptionJustification() : "");
		}
		table.print(out);
	}

	private static String result(ImageView view) {
		if (view.unknownReason() != null) {
			return view.result() + ": " + view.unknownReason();
		}
		BigDecimal max = view.maxCvss();
		return view.result() + ", max CVSS " + ((max != null) ? max : "N/A");
	}

	/** EPSS values carry five decimals in the feed; {@code -} where there is none (not 0). */
	private static String decimal(Double value) {
		return (value != null) ? String.format(Locale.ROOT, "%.5f", value) : "-";
	}

}
