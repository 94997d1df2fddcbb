package dev.assay.feeds;

import java.net.URI;

/** URLs as they may be shown in logs, messages and reports. */
public final class Urls {

	private Urls() {
	}

	/** The URL without user info or query, either of which may carry a credential. */
	public static String redact(URI uri) {
		if (uri.getScheme() == null || uri.isOpaque()) {
			return uri.getScheme() + ":" + (uri.isOpaque() ? "..." : uri.getPath());
		}
		StringBuilder shown = new StringBuilder(uri.getScheme()).append("://");
		if (uri.getHost() != null) {
			shown.append(uri.getHost());
			if (uri.getPort() != -1) {
				shown.append(':').append(uri.getPort());
			}
		}
		shown.append((uri.getRawPath() != null) ? uri.getRawPath() : "");
		if (uri.getRawQuery() != null) {
			shown.append("?...");
		}
		return shown.toString();
	}

}
