package dev.assay.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Pushes small generated images into a registry over the Distribution API, as {@code docker push}
 * would: blob uploads (a config and one layer), then the manifest by tag; for a multi-arch image
 * two platform manifests by digest and an OCI index by tag. The digests are computed here from
 * the bytes sent, so a test knows them without asking the code under test.
 */
final class TestImages {

	static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

	static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

	private final OkHttpClient client = new OkHttpClient();

	private final String url;

	TestImages(String url) {
		this.url = url;
	}

	/** Pushes a single-platform image whose content depends on {@code seed}; returns its manifest digest. */
	String push(String repository, String tag, String seed) {
		byte[] manifest = manifest(repository, seed, "amd64");
		putManifest(repository, tag, manifest, OCI_MANIFEST);
		return digest(manifest);
	}

	/** Pushes a two-platform image; returns the digest of its index, which the tag points at. */
	String pushMultiArch(String repository, String tag, String seed) {
		StringBuilder entries = new StringBuilder();
		for (String arch : List.of("amd64", "arm64")) {
			byte[] manifest = manifest(repository, seed, arch);
			String digest = digest(manifest);
			putManifest(repository, digest, manifest, OCI_MANIFEST);
			entries.append(entries.isEmpty() ? "" : ",").append("""
					{"mediaType":"%s","digest":"%s","size":%d,"platform":{"architecture":"%s","os":"linux"}}"""
				.formatted(OCI_MANIFEST, digest, manifest.length, arch));
		}
		byte[] index = """
				{"schemaVersion":2,"mediaType":"%s","manifests":[%s]}""".formatted(OCI_INDEX, entries)
			.getBytes(StandardCharsets.UTF_8);
		putManifest(repository, tag, index, OCI_INDEX);
		return digest(index);
	}

	private byte[] manifest(String repository, String seed, String arch) {
		byte[] layer = gzip(("layer of " + seed + " for " + arch).getBytes(StandardCharsets.UTF_8));
		byte[] config = """
				{"architecture":"%s","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["%s"]}}"""
			.formatted(arch, digest(("layer of " + seed + " for " + arch).getBytes(StandardCharsets.UTF_8)))
			.getBytes(StandardCharsets.UTF_8);
		uploadBlob(repository, config);
		uploadBlob(repository, layer);
		return """
				{"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"application/vnd.oci.image.config.v1+json",\
				"digest":"%s","size":%d},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip",\
				"digest":"%s","size":%d}]}""".formatted(OCI_MANIFEST, digest(config), config.length, digest(layer),
				layer.length)
			.getBytes(StandardCharsets.UTF_8);
	}

	private void uploadBlob(String repository, byte[] blob) {
		String location;
		try (Response started = call(new Request.Builder().url(this.url + "/v2/" + repository + "/blobs/uploads/")
			.post(RequestBody.create(new byte[0]))
			.build(), 202)) {
			location = started.header("Location");
		}
		HttpUrl put = HttpUrl.get(this.url).resolve(location).newBuilder().addQueryParameter("digest", digest(blob)).build();
		call(new Request.Builder().url(put)
			.put(RequestBody.create(blob, MediaType.get("application/octet-stream")))
			.build(), 201).close();
	}

	private void putManifest(String repository, String reference, byte[] manifest, String mediaType) {
		call(new Request.Builder().url(this.url + "/v2/" + repository + "/manifests/" + reference)
			.put(RequestBody.create(manifest, MediaType.get(mediaType)))
			.build(), 201).close();
	}

	private Response call(Request request, int expected) {
		try {
			Response response = this.client.newCall(request).execute();
			if (response.code() != expected) {
				String body = response.body().string();
				response.close();
				throw new AssertionError(request.method() + " " + request.url() + " answered " + response.code() + ": "
						+ body);
			}
			return response;
		}
		catch (IOException ex) {
			throw new AssertionError(request.method() + " " + request.url() + " failed", ex);
		}
	}

	static String digest(byte[] bytes) {
		try {
			return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new AssertionError(ex);
		}
	}

	private static byte[] gzip(byte[] bytes) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(bytes);
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
		return out.toByteArray();
	}

}
