package dev.assay.scans;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Image references against the Docker reference grammar: what parses into which parts, and what is refused. */
class ImageReferenceTests {

	private static final String SHA = "sha256:b1c5a500182b21d0bfa5a584a8526b56d8be316f89e87d951be04abed2446e60";

	@ParameterizedTest(name = "{0}")
	@CsvSource(nullValues = "-", value = {
			// reference, registry, repository, tag, digest
			"alpine, '', alpine, -, -",
			"alpine:3.10, '', alpine, 3.10, -",
			"alpine@" + SHA + ", '', alpine, -, " + SHA,
			"alpine:3.10@" + SHA + ", '', alpine, 3.10, " + SHA,
			"library/alpine, '', library/alpine, -, -",
			"docker.io/library/alpine@" + SHA + ", docker.io, library/alpine, -, " + SHA,
			"ghcr.io/aquasecurity/trivy-test-images:alpine-310, ghcr.io, aquasecurity/trivy-test-images, alpine-310, -",
			"localhost/app, localhost, app, -, -",
			"localhost:5000/team/app:v1.2.3, localhost:5000, team/app, v1.2.3, -",
			"registry.example.com:443/a/b/c:latest, registry.example.com:443, a/b/c, latest, -",
			"[::1]:5000/app:1, [::1]:5000, app, 1, -",
			"127.0.0.1:5000/app, 127.0.0.1:5000, app, -, -",
			"quay.io/cloudservices/xjoin-kafka-connect-strimzi:latest, quay.io, cloudservices/xjoin-kafka-connect-strimzi, latest, -",
			"my_org/my__app/a-b--c.d:_tag-1.x, '', my_org/my__app/a-b--c.d, _tag-1.x, -",
			"Registry.Example.COM/app, Registry.Example.COM, app, -, -",
			"localhost:5000, '', localhost, 5000, -" })
	void validReferencesParseIntoTheirParts(String reference, String registry, String repository, String tag,
			String digest) {
		ImageReference parsed = ImageReference.parse(reference);
		assertThat(parsed.registry()).isEqualTo(registry);
		assertThat(parsed.repository()).isEqualTo(repository);
		assertThat(parsed.tag()).isEqualTo(tag);
		assertThat(parsed.digest()).isEqualTo(digest);
		assertThat(parsed).hasToString(reference);
	}

	static Stream<String> invalidReferences() {
		return Stream.of("", " ", "alpine ", " alpine", "al pine", "alpine;rm -rf /", "alpine$(id)", "alpine`id`",
				"alpine|cat", "alpine&&id", "alpine>x", "'alpine'", "\"alpine\"", "alpine\n", "alpine\t1", "Alpine",
				"library/Alpine", "docker.io/Library/alpine", "alpine:", "alpine:-x", "alpine:.x",
				"alpine:" + "t".repeat(129), "alpine@", "alpine@sha256:abc", "alpine@sha256:" + "A".repeat(64),
				"alpine@sha256:" + "a".repeat(63), "alpine@sha512:" + "a".repeat(64), "alpine@md5:zz",
				"alpine@@" + SHA, "/alpine", "alpine/", "a//b", "-alpine", "alpine-", "a.-b", "a..b", "_a",
				"registry.example.com:port/app", "-registry.example.com/app", "registry.example.com/",
				"https://registry.example.com/app", "alpine:1:2", "a:b@c");
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@MethodSource("invalidReferences")
	void invalidReferencesAreRefusedNamingTheInput(String reference) {
		assertThatIllegalArgumentException().isThrownBy(() -> ImageReference.parse(reference))
			.withMessageContaining(reference.isEmpty() ? "required" : "'" + reference + "'");
	}

	@Test
	void nullIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ImageReference.parse(null))
			.withMessageContaining("required");
	}

	@Test
	void namesLongerThanDockerAllowsAreRefused() {
		String name = "a".repeat(100) + "/" + "b".repeat(100) + "/" + "c".repeat(60);
		assertThat(name).hasSizeGreaterThan(255);
		assertThatIllegalArgumentException().isThrownBy(() -> ImageReference.parse(name))
			.withMessageContaining("longer than 255");
		assertThat(ImageReference.parse(name.substring(0, 255)).repository()).hasSize(255);
	}

	@Test
	void otherDigestAlgorithmsFollowTheGrammar() {
		String digest = "sha384:" + "0123456789abcdef".repeat(6);
		assertThat(ImageReference.parse("app@" + digest).digest()).isEqualTo(digest);
		assertThat(ImageReference.parse("app@sha512:" + "f".repeat(128)).digest()).hasSize(135);
	}

	@Test
	void aFirstComponentWithoutDotColonOrLocalhostIsPartOfTheRepository() {
		assertThat(ImageReference.parse("keycloak/keycloak:21.0.2").registry()).isEmpty();
		assertThat(ImageReference.parse("keycloak/keycloak:21.0.2").repository()).isEqualTo("keycloak/keycloak");
		assertThat(ImageReference.parse("docker.io/keycloak/keycloak").registry()).isEqualTo("docker.io");
	}

	@Test
	void nameJoinsRegistryAndRepository() {
		assertThat(ImageReference.parse("ghcr.io/org/app:1@" + SHA).name()).isEqualTo("ghcr.io/org/app");
		assertThat(ImageReference.parse("app:1").name()).isEqualTo("app");
	}

}
