package dev.assay.feeds.epss;

/**
 * The values of an EPSS row, checked and parsed by hand: regular expressions and
 * {@link Double#parseDouble} (slow before Java 19, and lenient) were half of reading a file.
 */
final class EpssValues {

	private static final double[] POWERS_OF_TEN = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
			1e13, 1e14, 1e15 };

	private EpssValues() {
	}

	/** Whether the text is a CVE id: {@code CVE-}, a four-digit year, {@code -}, four or more digits. */
	static boolean isCveId(String text) {
		return text.length() >= 13 && text.startsWith("CVE-") && text.charAt(8) == '-' && digits(text, 4, 8) == 8
				&& digits(text, 9, text.length()) == text.length();
	}

	/**
	 * The value of a plain decimal in [0, 1] such as {@code 0.00043}, {@code .5} or {@code 4.3e-4};
	 * NaN for anything else, which {@link Double#parseDouble} alone would partly take:
	 * {@code " 0.5"}, {@code "0.5d"}, {@code "0x1p-1"}, {@code "NaN"}.
	 */
	static double probability(String text) {
		if (!isPlainDecimal(text)) {
			return Double.NaN;
		}
		double value = decimalValue(text);
		return (value >= 0 && value <= 1) ? value : Double.NaN;
	}

	/**
	 * The value of a plain decimal. With at most 15 digits and no exponent, as every score of the
	 * feed has, the digits as a whole number divided by a power of ten give it exactly: both are
	 * exact doubles, and the division rounds as {@link Double#parseDouble} rounds the decimal.
	 * Anything else goes to {@link Double#parseDouble}.
	 */
	private static double decimalValue(String text) {
		long digits = 0;
		int count = 0;
		int decimals = -1;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '.') {
				decimals = 0;
			}
			else if (c >= '0' && c <= '9' && ++count <= 15) {
				digits = digits * 10 + (c - '0');
				if (decimals >= 0) {
					decimals++;
				}
			}
			else {
				return Double.parseDouble(text);
			}
		}
		return digits / POWERS_OF_TEN[Math.max(decimals, 0)];
	}

	/** Digits with at most one decimal point that has a digit after it, then an optional exponent. */
	private static boolean isPlainDecimal(String text) {
		int length = text.length();
		int end = digits(text, 0, length);
		boolean hasDigits = end > 0;
		if (end < length && text.charAt(end) == '.') {
			int fractionStart = end + 1;
			end = digits(text, fractionStart, length);
			hasDigits = end > fractionStart;
		}
		if (!hasDigits) {
			return false;
		}
		if (end < length && (text.charAt(end) == 'e' || text.charAt(end) == 'E')) {
			int exponentStart = end + 1;
			if (exponentStart < length && (text.charAt(exponentStart) == '-' || text.charAt(exponentStart) == '+')) {
				exponentStart++;
			}
			end = digits(text, exponentStart, length);
			if (end == exponentStart) {
				return false;
			}
		}
		return end == length;
	}

	/** Where the run of ASCII digits from {@code from} ends, at most at {@code to}. */
	private static int digits(String text, int from, int to) {
		int i = from;
		while (i < to && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
			i++;
		}
		return i;
	}

}
