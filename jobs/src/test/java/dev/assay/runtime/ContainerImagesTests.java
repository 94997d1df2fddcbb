package dev.assay.runtime;

import dev.assay.scans.ImageIdentity.DigestKind;
import dev.assay.scans.RunningImage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a container's {@code .image} and {@code .imageID} become the image it runs. */
class ContainerImagesTests {

	private static final String DIGEST = PodLists.digest('a');

	private static final String CONFIG_ID = PodLists.digest('c');

	@Test
	void containerdRepoDigestIsTheRepositoryDigest() {
		RunningContainer container = RunningContainer.of("ns", "pod", "app", "docker.io/library/alpine:3.22",
				"docker.io/library/alpine@" + DIGEST);

		assertThat(container.image()).isEqualTo(new RunningImage("docker.io", "library/alpine", DIGEST,
				DigestKind.REPOSITORY));
		assertThat(container.digestKnown()).isTrue();
	}

	@Test
	void dockerPullableSchemeIsDropped() {
		RunningContainer container = RunningContainer.of("ns", "pod", "app", "busybox:latest",
				"docker-pullable://busybox@" + DIGEST);

		assertThat(container.image()).isEqualTo(new RunningImage("", "busybox", DIGEST, DigestKind.REPOSITORY));
		assertThat(container.digestKnown()).isTrue();
	}

	@Test
	void dockerConfigIdIsKeptAsConfigIdWithDigestUnknown() {
		RunningContainer container = RunningContainer.of("ns", "pod", "app", "k8s.gcr.io/kube-proxy:v1.16.15",
				"docker://" + CONFIG_ID);

		assertThat(container.image()).isEqualTo(new RunningImage("k8s.gcr.io", "kube-proxy", CONFIG_ID,
				DigestKind.CONFIG_ID));
		assertThat(container.digestKnown()).isFalse();
	}

	@Test
	void bareConfigIdIsKeptAsConfigIdWithDigestUnknown() {
		RunningContainer container = RunningContainer.of("ns", "pod", "app", "registry.k8s.io/etcd:3.5", CONFIG_ID);

		assertThat(container.image()).isEqualTo(new RunningImage("registry.k8s.io", "etcd", CONFIG_ID,
				DigestKind.CONFIG_ID));
		assertThat(container.digestKnown()).isFalse();
	}

	@Test
	void emptyImageIdLeavesTheNameAlone() {
		RunningContainer container = RunningContainer.of("ns", "pod", "app", "alpine:latest", "");

		assertThat(container.image()).isEqualTo(new RunningImage("", "alpine", "", null));
		assertThat(container.digestKnown()).isFalse();
	}

	@Test
	void missingImageIdLeavesTheNameAlone() {
		RunningContainer container = RunningContainer.of("ns", "pod", "app", "ghcr.io/org/app:1.0", null);

		assertThat(container.image()).isEqualTo(new RunningImage("ghcr.io", "org/app", "", null));
	}

	@Test
	void bareImageTakesItsNameFromTheRepoDigest() {
		RunningContainer container = RunningContainer.of("ns", "pod", "app", CONFIG_ID,
				"registry.k8s.io/metrics-server/metrics-server@" + DIGEST);

		assertThat(container.image()).isEqualTo(new RunningImage("registry.k8s.io", "metrics-server/metrics-server",
				DIGEST, DigestKind.REPOSITORY));
		assertThat(container.imageRef()).isEqualTo(CONFIG_ID);
	}

	@Test
	void imagePinnedByDigestTakesTheDigestFromImageIdNotFromTheReference() {
		String pinned = PodLists.digest('b');
		RunningContainer container = RunningContainer.of("ns", "pod", "app", "ghcr.io/org/app@" + pinned, "");

		assertThat(container.image()).isEqualTo(new RunningImage("ghcr.io", "org/app", "", null));
	}

	@Test
	void referenceThatIsNoImageReferenceIsKeptAsTheName() {
		RunningContainer container = RunningContainer.of("ns", "pod", "app", "Not A Reference", "");

		assertThat(container.image()).isEqualTo(new RunningImage("", "Not A Reference", "", null));
	}

}
