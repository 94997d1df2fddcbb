package dev.assay.feeds;

import java.net.URI;

/** URLs as they may be shown in logs, messages and reports. */
public final class Urls {

	private Urls() {
	}

	/**
	 * The URL without user info, query or fragment, any of which may carry a credential; a query
	 * shows as {@code ?...} so the reader knows there was one.
	 */
	public static String redact(URI uri) {
		if (uri.isOpaque()) {
			return uri.getScheme() + ":...";
		}
		StringBuilder shown = new StringBuilder();
		String authority = uri.getRawAuthority();
		if (uri.getScheme() != null) {
			// Always "//", so file:/data/kev.json shows as file:///data/kev.json, as Path.toUri() writes it.
			shown.append(uri.getScheme()).append("://");
		}
		else if (authority != null) {
			shown.append("//");
		}
		if (authority != null) {
			// Not getHost(): it is null where the host is no server name (feed_mirror) or the password holds
			// an unescaped '@'. User info ends at the last '@'.
			shown.append(authority.substring(authority.lastIndexOf('@') + 1));
		}
		shown.append((uri.getRawPath() != null) ? uri.getRawPath() : "");
		if (uri.getRawQuery() != null) {
			shown.append("?...");
		}
		return shown.toString();
	}

}
