package dev.assay.registry;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import okhttp3.OkHttpClient;

import org.springframework.stereotype.Component;

/**
 * Makes the {@link RegistryClient} of each registry from one shared OkHttp client (one connection
 * pool). TLS is verified, except for a registry with {@code insecure-tls: true}, which alone gets a
 * client that accepts any certificate.
 */
@Component
class RegistryClients {

	private final OkHttpClient shared;

	private final RescanProperties properties;

	RegistryClients(RescanProperties properties) {
		this.properties = properties;
		// Retries are RegistryClient's, with back-off; OkHttp's own silent retry would hide failures.
		this.shared = new OkHttpClient.Builder().callTimeout(properties.http().timeout())
			.readTimeout(properties.http().timeout())
			.retryOnConnectionFailure(false)
			.build();
	}

	RegistryClient create(RegistrySettings registry, Redactor redactor) {
		OkHttpClient client = registry.insecureTls() ? trustingEveryCertificate() : this.shared;
		return new RegistryClient(registry, client, this.properties.http(), redactor);
	}

	private OkHttpClient trustingEveryCertificate() {
		X509TrustManager trustAll = new X509TrustManager() {

			@Override
			public void checkClientTrusted(X509Certificate[] chain, String authType) {
			}

			@Override
			public void checkServerTrusted(X509Certificate[] chain, String authType) {
			}

			@Override
			public X509Certificate[] getAcceptedIssuers() {
				return new X509Certificate[0];
			}

		};
		try {
			SSLContext tls = SSLContext.getInstance("TLS");
			tls.init(null, new TrustManager[] { trustAll }, new SecureRandom());
			return this.shared.newBuilder()
				.sslSocketFactory(tls.getSocketFactory(), trustAll)
				.hostnameVerifier((host, session) -> true)
				.build();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("TLS is not available in this JVM", ex);
		}
	}

}
