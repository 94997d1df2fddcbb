package dev.assay.feeds;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What of a URL may be shown: where it points, never a credential. */
class UrlsTests {

	@Test
	void urlWithoutCredentialsIsShownAsWritten() {
		assertRedacted("https://epss.empiricalsecurity.com/epss_scores-current.csv.gz",
				"https://epss.empiricalsecurity.com/epss_scores-current.csv.gz");
	}

	@Test
	void userInfoIsLeftOut() {
		assertRedacted("https://user:s3cret@feeds.example:8443/kev.json", "https://feeds.example:8443/kev.json");
	}

	@Test
	void passwordWithAnUnescapedAtSignIsLeftOut() {
		assertRedacted("http://user:s3@cret@feeds.example/kev.json", "http://feeds.example/kev.json");
	}

	@Test
	void queryShowsOnlyThatThereWasOne() {
		assertRedacted("https://feeds.example/kev.json?token=abc123&format=json", "https://feeds.example/kev.json?...");
	}

	@Test
	void fragmentIsLeftOut() {
		assertRedacted("https://feeds.example/kev.json#s3cret", "https://feeds.example/kev.json");
	}

	@Test
	void pathStaysPercentEncoded() {
		assertRedacted("https://feeds.example/my%20feeds/kev.json", "https://feeds.example/my%20feeds/kev.json");
	}

	@Test
	void ipv6HostKeepsItsBrackets() {
		assertRedacted("http://[::1]:8080/kev.json", "http://[::1]:8080/kev.json");
	}

	@Test
	void hostThatIsNoServerNameStillShowsWithoutUserInfo() {
		// java.net.URI has no host for feed_mirror (an underscore), as in docker-compose service names.
		assertRedacted("http://user:s3cret@feed_mirror:8080/kev.json?token=abc123",
				"http://feed_mirror:8080/kev.json?...");
	}

	@Test
	void fileUrlShowsItsPathInTheFormPathToUriWrites() {
		assertRedacted("file:/data/feeds/kev.json", "file:///data/feeds/kev.json");
		assertRedacted("file:///data/feeds/kev.json", "file:///data/feeds/kev.json");
	}

	@Test
	void opaqueUrlShowsOnlyItsScheme() {
		assertRedacted("mailto:ops:s3cret@example.com", "mailto:...");
	}

	@Test
	void relativeReferenceShowsItsPathWithoutAnInventedScheme() {
		assertRedacted("feeds/kev.json?token=abc123", "feeds/kev.json?...");
	}

	private static void assertRedacted(String url, String expected) {
		assertThat(Urls.redact(URI.create(url))).as(url).isEqualTo(expected).doesNotContain("s3cret", "abc123");
	}

}
