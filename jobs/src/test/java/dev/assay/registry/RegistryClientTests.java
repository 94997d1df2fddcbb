package dev.assay.registry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The registry client against a scripted HTTP peer, for what docker-registry does not do on
 * demand: {@code Link} pagination of the catalog and tag lists, a manifest without
 * {@code Docker-Content-Digest}, a registry without a catalog, a token's expiry.
 */
class RegistryClientTests {

	MockWebServer server;

	@BeforeEach
	void start() throws Exception {
		this.server = new MockWebServer();
		this.server.start();
	}

	@AfterEach
	void stop() throws Exception {
		this.server.close();
	}

	@Test
	void theCatalogFollowsLinkPagination() throws Exception {
		this.server.enqueue(json("{\"repositories\":[\"a\",\"b\"]}").newBuilder()
			.addHeader("Link", "</v2/_catalog?last=b&n=2>; rel=\"next\"")
			.build());
		this.server.enqueue(json("{\"repositories\":[\"c\"]}"));

		List<String> repositories = client("anonymous", null, null).catalog();

		assertThat(repositories).containsExactly("a", "b", "c");
		this.server.takeRequest();
		assertThat(this.server.takeRequest().getTarget()).isEqualTo("/v2/_catalog?last=b&n=2");
	}

	@Test
	void tagListsFollowLinkPagination() throws Exception {
		this.server.enqueue(json("{\"name\":\"team/app\",\"tags\":[\"1.0\"]}").newBuilder()
			.addHeader("Link", "<http://" + this.server.getHostName() + ":" + this.server.getPort()
					+ "/v2/team/app/tags/list?last=1.0>; rel=\"next\"")
			.build());
		this.server.enqueue(json("{\"name\":\"team/app\",\"tags\":[\"2.0\"]}"));

		assertThat(client("anonymous", null, null).tags("team/app")).containsExactly("1.0", "2.0");
		assertThat(this.server.takeRequest().getTarget()).isEqualTo("/v2/team/app/tags/list");
		assertThat(this.server.takeRequest().getTarget()).isEqualTo("/v2/team/app/tags/list?last=1.0");
	}

	@Test
	void theManifestIsAskedForInEveryMediaTypeAndHashedWhereNoDigestHeaderComes() throws Exception {
		byte[] manifest = "{\"schemaVersion\":2,\"manifests\":[]}".getBytes(StandardCharsets.UTF_8);
		this.server.enqueue(new MockResponse.Builder().code(200).build());
		this.server.enqueue(new MockResponse.Builder().body(new Buffer().write(manifest)).build());

		String digest = client("anonymous", null, null).digest("team/app", "1.0");

		assertThat(digest).isEqualTo(TestImages.digest(manifest));
		RecordedRequest head = this.server.takeRequest();
		assertThat(head.getMethod()).isEqualTo("HEAD");
		assertThat(head.getTarget()).isEqualTo("/v2/team/app/manifests/1.0");
		assertThat(head.getHeaders().get("Accept")).contains("application/vnd.oci.image.index.v1+json",
				"application/vnd.docker.distribution.manifest.list.v2+json", "application/vnd.oci.image.manifest.v1+json",
				"application/vnd.docker.distribution.manifest.v2+json");
		assertThat(this.server.takeRequest().getMethod()).isEqualTo("GET");
	}

	@Test
	void aRegistryWithoutCatalogSaysToListTheRepositories() {
		this.server.enqueue(new MockResponse.Builder().code(404).build());

		assertThatExceptionOfType(RegistryException.class).isThrownBy(() -> client("anonymous", null, null).catalog())
			.withMessage("Registry anonymous has no catalog (/v2/_catalog answered HTTP 404); list its repositories in"
					+ " assay.registries[].repositories.");
	}

	@Test
	void aTokenIsAskedForWithTheCredentialsOnceAndReusedWhileValid() throws Exception {
		String realm = "http://127.0.0.1:" + this.server.getPort() + "/token";
		String challenge = "Bearer realm=\"" + realm + "\",service=\"reg\",scope=\"repository:app:pull\"";
		this.server.enqueue(new MockResponse.Builder().code(401).addHeader("WWW-Authenticate", challenge).build());
		// 15 s lifetime: renewed 10 s early, so valid for 5 s
		this.server.enqueue(json("{\"token\":\"first-token-value\",\"expires_in\":15}"));
		this.server.enqueue(json("{\"tags\":[\"1\"]}"));
		this.server.enqueue(json("{\"tags\":[\"1\"]}"));
		RegistryClient client = client("tokens", "bob", "s3cret-pw");

		client.tags("app");
		client.tags("app");

		assertThat(this.server.takeRequest().getHeaders().get("Authorization")).isNull();
		RecordedRequest token = this.server.takeRequest();
		assertThat(token.getTarget()).isEqualTo("/token?service=reg&scope=repository%3Aapp%3Apull");
		assertThat(token.getHeaders().get("Authorization")).isEqualTo(okhttp3.Credentials.basic("bob", "s3cret-pw"));
		assertThat(this.server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer first-token-value");
		assertThat(this.server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer first-token-value");
		assertThat(this.server.getRequestCount()).isEqualTo(4);
	}

	private RegistryClient client(String name, String username, String password) {
		RegistrySettings settings = new RegistrySettings(name, "http://127.0.0.1:" + this.server.getPort(), username,
				password, null, null, null, 2, false);
		return new RegistryClient(settings, new OkHttpClient(),
				new RescanProperties.Http(Duration.ofSeconds(10), 2, Duration.ofMillis(10)), new Redactor());
	}

	private static MockResponse json(String body) {
		return new MockResponse.Builder().addHeader("Content-Type", "application/json")
			.body(new Buffer().writeUtf8(body))
			.build();
	}

}
