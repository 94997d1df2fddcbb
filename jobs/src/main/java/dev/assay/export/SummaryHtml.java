package dev.assay.export;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.assay.export.Summary.FixFirst;
import dev.assay.export.Summary.KevHit;
import dev.assay.export.Summary.NamespaceCounts;
import dev.assay.export.Summary.RegistryCounts;
import dev.assay.export.Summary.ResultChange;
import dev.assay.export.Summary.RiskyNamespace;
import dev.assay.export.Summary.RiskyRepository;

/**
 * Renders {@code summary.html}: one self-contained page (inline CSS and SVG charts, no script, no
 * fetch from anywhere) that opens in any browser, also offline and from a mail attachment.
 */
final class SummaryHtml {

	private static final List<String> RESULTS = List.of("FAIL", "WARN", "PASS", "UNKNOWN");

	private static final Map<String, String> COLOURS = Map.of("PASS", "#2e7d32", "WARN", "#f9a825", "FAIL",
			"#c62828", "UNKNOWN", "#9e9e9e");

	/** Groups shown in a chart; the summary.json has them all. */
	private static final int CHART_ROWS = 15;

	private static final int BAR_WIDTH = 480;

	private static final int LABEL_WIDTH = 260;

	private static final int ROW_HEIGHT = 24;

	private SummaryHtml() {
	}

	static String render(Summary summary) {
		StringBuilder html = new StringBuilder(32_768);
		html.append("""
				<!DOCTYPE html>
				<html lang="en">
				<head>
				<meta charset="utf-8">
				<meta name="viewport" content="width=device-width, initial-scale=1">
				<title>assay report %s</title>
				<style>
				body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:72rem;
				padding:0 1rem;color:#212121;background:#fff}
				h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
				.muted{color:#666}.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
				.card{border-radius:6px;padding:.8rem 1.2rem;color:#fff;min-width:7rem}
				.card b{display:block;font-size:1.8rem}
				table{border-collapse:collapse;width:100%%;font-size:.9rem}
				th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eee;vertical-align:top}
				th{background:#fafafa}td.n{text-align:right}code{font-size:.85rem;word-break:break-all}
				.kev{background:#c62828;color:#fff;border-radius:3px;padding:0 .3rem;font-size:.8rem}
				</style>
				</head>
				<body>
				""".formatted(escape(summary.set())));
		html.append("<h1>assay report ").append(escape(summary.set())).append("</h1>\n");
		html.append("<p class=\"muted\">").append(summary.images()).append(" images exported.</p>\n");
		cards(html, summary.byResult());
		html.append("<h2>Images by result</h2>\n");
		resultBars(html, summary.byResult());
		html.append("<h2>Images by registry</h2>\n");
		stackedBars(html, summary.byRegistry().stream()
			.map(group -> new Group(group.registry().isEmpty() ? "(none)" : group.registry(), group.results()))
			.toList());
		html.append("<h2>Running images by cluster and namespace</h2>\n");
		stackedBars(html, summary.byNamespace().stream()
			.map(group -> new Group(group.cluster() + " / " + group.namespace(), group.results()))
			.toList());
		riskiest(html, summary.riskiestRepositories(), summary.riskiestNamespaces());
		fixFirst(html, summary.fixFirst());
		changes(html, summary.changes());
		html.append("</body>\n</html>\n");
		return html.toString();
	}

	private static void cards(StringBuilder html, Map<String, Long> byResult) {
		html.append("<div class=\"cards\">\n");
		for (String result : RESULTS) {
			html.append("<div class=\"card\" style=\"background:").append(COLOURS.get(result)).append("\"><b>")
				.append(byResult.getOrDefault(result, 0L)).append("</b>").append(result).append("</div>\n");
		}
		html.append("</div>\n");
	}

	private static void resultBars(StringBuilder html, Map<String, Long> byResult) {
		long max = Math.max(1, byResult.values().stream().mapToLong(Long::longValue).max().orElse(1));
		svgStart(html, RESULTS.size(), "Images by result");
		int y = 0;
		for (String result : RESULTS) {
			long count = byResult.getOrDefault(result, 0L);
			int width = (int) Math.round(BAR_WIDTH * (double) count / max);
			label(html, y, result);
			rect(html, LABEL_WIDTH, y, width, COLOURS.get(result), result + ": " + count);
			text(html, LABEL_WIDTH + width + 6, y, String.valueOf(count));
			y += ROW_HEIGHT;
		}
		html.append("</svg>\n");
	}

	private record Group(String label, Map<String, Long> results) {

		long total() {
			return this.results.values().stream().mapToLong(Long::longValue).sum();
		}

	}

	private static void stackedBars(StringBuilder html, List<Group> groups) {
		if (groups.isEmpty()) {
			html.append("<p class=\"muted\">None.</p>\n");
			return;
		}
		List<Group> shown = groups.stream()
			.sorted((a, b) -> Long.compare(b.total(), a.total()))
			.limit(CHART_ROWS)
			.toList();
		long max = Math.max(1, shown.get(0).total());
		svgStart(html, shown.size(), "Images per group, by result");
		int y = 0;
		for (Group group : shown) {
			label(html, y, group.label());
			int x = LABEL_WIDTH;
			for (String result : RESULTS) {
				long count = group.results().getOrDefault(result, 0L);
				int width = (int) Math.round(BAR_WIDTH * (double) count / max);
				if (width > 0) {
					rect(html, x, y, width, COLOURS.get(result), group.label() + " " + result + ": " + count);
					x += width;
				}
			}
			text(html, x + 6, y, String.valueOf(group.total()));
			y += ROW_HEIGHT;
		}
		html.append("</svg>\n");
		if (groups.size() > shown.size()) {
			html.append("<p class=\"muted\">The ").append(shown.size()).append(" largest of ").append(groups.size())
				.append("; summary.json lists them all.</p>\n");
		}
	}

	private static void svgStart(StringBuilder html, int rows, String title) {
		int width = LABEL_WIDTH + BAR_WIDTH + 80;
		int height = rows * ROW_HEIGHT;
		html.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(width)
			.append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
			.append(height).append("\"><title>").append(escape(title)).append("</title>\n");
	}

	private static void label(StringBuilder html, int y, String label) {
		String shown = (label.length() > 40) ? label.substring(0, 39) + "\u2026" : label;
		html.append("<text x=\"").append(LABEL_WIDTH - 8).append("\" y=\"").append(y + 16)
			.append("\" text-anchor=\"end\" font-size=\"13\">").append(escape(shown)).append("</text>\n");
	}

	private static void rect(StringBuilder html, int x, int y, int width, String colour, String title) {
		html.append("<rect x=\"").append(x).append("\" y=\"").append(y + 3).append("\" width=\"").append(width)
			.append("\" height=\"").append(ROW_HEIGHT - 6).append("\" fill=\"").append(colour).append("\"><title>")
			.append(escape(title)).append("</title></rect>\n");
	}

	private static void text(StringBuilder html, int x, int y, String text) {
		html.append("<text x=\"").append(x).append("\" y=\"").append(y + 16).append("\" font-size=\"13\">")
			.append(escape(text)).append("</text>\n");
	}

	private static void riskiest(StringBuilder html, List<RiskyRepository> repositories,
			List<RiskyNamespace> namespaces) {
		html.append("<h2>Highest-risk repositories</h2>\n");
		if (repositories.isEmpty()) {
			html.append("<p class=\"muted\">No repository has a FAIL image.</p>\n");
		}
		else {
			html.append("<table><tr><th>Registry</th><th>Repository</th><th>FAIL images</th><th>Images</th></tr>\n");
			for (RiskyRepository repository : repositories) {
				row(html, repository.registry().isEmpty() ? "(none)" : repository.registry(), repository.repository(),
						repository.fail(), repository.images());
			}
			html.append("</table>\n");
		}
		html.append("<h2>Highest-risk namespaces</h2>\n");
		if (namespaces.isEmpty()) {
			html.append("<p class=\"muted\">No namespace runs a FAIL image.</p>\n");
		}
		else {
			html.append("<table><tr><th>Cluster</th><th>Namespace</th><th>FAIL images</th><th>Images</th></tr>\n");
			for (RiskyNamespace namespace : namespaces) {
				row(html, namespace.cluster(), namespace.namespace(), namespace.fail(), namespace.images());
			}
			html.append("</table>\n");
		}
	}

	private static void row(StringBuilder html, String first, String second, long fail, long images) {
		html.append("<tr><td>").append(escape(first)).append("</td><td>").append(escape(second))
			.append("</td><td class=\"n\">").append(fail).append("</td><td class=\"n\">").append(images)
			.append("</td></tr>\n");
	}

	private static void fixFirst(StringBuilder html, List<FixFirst> findings) {
		html.append("<h2>Fix first (running images: KEV first, then EPSS \u00d7 CVSS)</h2>\n");
		if (findings.isEmpty()) {
			html.append("<p class=\"muted\">No finding of a running image.</p>\n");
			return;
		}
		html.append("<table><tr><th>CVE</th><th>Image</th><th>Package</th><th>Installed</th><th>Fixed in</th>"
				+ "<th>CVSS</th><th>EPSS</th><th>Running</th></tr>\n");
		for (FixFirst finding : findings) {
			html.append("<tr><td>").append(escape(finding.cve()));
			if (finding.kev()) {
				html.append(" <span class=\"kev\">KEV</span>");
			}
			html.append("</td><td><code>").append(escape(finding.image())).append("</code></td><td>")
				.append(escape(finding.packageName())).append("</td><td>").append(escape(finding.installedVersion()))
				.append("</td><td>").append(escape(finding.fixedVersion())).append("</td><td class=\"n\">")
				.append((finding.cvss() != null) ? finding.cvss().toPlainString() : "N/A")
				.append("</td><td class=\"n\">")
				.append((finding.epss() != null) ? String.format(Locale.ROOT, "%.5f", finding.epss()) : "")
				.append("</td><td class=\"n\">").append(finding.runningInstances()).append("</td></tr>\n");
		}
		html.append("</table>\n");
	}

	private static void changes(StringBuilder html, Summary.Changes changes) {
		html.append("<h2>Changes since the previous report</h2>\n");
		if (changes.previous() == null) {
			html.append("<p class=\"muted\">This is the first report set: nothing to compare with.</p>\n");
			return;
		}
		html.append("<p class=\"muted\">Compared with ").append(escape(changes.previous())).append(".</p>\n");
		html.append("<h3>New FAILs (").append(changes.newFails().size()).append(")</h3>\n<ul>\n");
		for (String image : changes.newFails()) {
			html.append("<li><code>").append(escape(image)).append("</code></li>\n");
		}
		html.append("</ul>\n<h3>New KEV hits (").append(changes.newKevHits().size()).append(")</h3>\n<ul>\n");
		for (KevHit hit : changes.newKevHits()) {
			html.append("<li>").append(escape(hit.cve())).append(" in <code>").append(escape(hit.image()))
				.append("</code></li>\n");
		}
		html.append("</ul>\n<h3>Results that changed (").append(changes.resultChanges().size())
			.append(")</h3>\n<ul>\n");
		for (ResultChange change : changes.resultChanges()) {
			html.append("<li><code>").append(escape(change.image())).append("</code>: ").append(change.from())
				.append(" \u2192 ").append(change.to()).append("</li>\n");
		}
		html.append("</ul>\n");
	}

	private static String escape(String text) {
		if (text == null) {
			return "";
		}
		StringBuilder escaped = new StringBuilder(text.length() + 16);
		for (char c : text.toCharArray()) {
			switch (c) {
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '&' -> escaped.append("&amp;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&#39;");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

}
