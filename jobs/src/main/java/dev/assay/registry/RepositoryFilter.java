package dev.assay.registry;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A registry's {@code include} and {@code exclude} glob patterns on repository names: {@code *}
 * and {@code ?} stay within one path component, {@code **} crosses them. A repository is taken
 * when it matches an include pattern (or there are none) and no exclude pattern.
 */
final class RepositoryFilter {

	private final List<Pattern> include;

	private final List<Pattern> exclude;

	RepositoryFilter(List<String> include, List<String> exclude) {
		this.include = include.stream().map(RepositoryFilter::regex).toList();
		this.exclude = exclude.stream().map(RepositoryFilter::regex).toList();
	}

	boolean test(String repository) {
		return (this.include.isEmpty() || this.include.stream().anyMatch(glob -> glob.matcher(repository).matches()))
				&& this.exclude.stream().noneMatch(glob -> glob.matcher(repository).matches());
	}

	static Pattern regex(String glob) {
		StringBuilder regex = new StringBuilder();
		for (int i = 0; i < glob.length(); i++) {
			char c = glob.charAt(i);
			if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
				regex.append(".*");
				i++;
			}
			else if (c == '*') {
				regex.append("[^/]*");
			}
			else if (c == '?') {
				regex.append("[^/]");
			}
			else {
				regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		return Pattern.compile(regex.toString());
	}

}
