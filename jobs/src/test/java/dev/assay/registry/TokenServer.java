package dev.assay.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A token server for docker-registry's token authentication, on loopback: it checks the basic
 * credentials of {@link TestRegistry#USER} and issues RS256 JWTs, signed with a key and
 * self-signed certificate made by {@code openssl}, that grant every scope asked for. It keeps the
 * tokens it issued and counts the requests, so tests can check caching and look for leaks.
 */
final class TokenServer implements AutoCloseable {

	static final String SERVICE = "assay-test-registry";

	static final String ISSUER = "assay-test-token-server";

	private final HttpServer server;

	private final PrivateKey key;

	private final String certificateDer;

	private final Path certificate;

	private final List<String> issued = new CopyOnWriteArrayList<>();

	private final List<String> refusals = new CopyOnWriteArrayList<>();

	private final long lifetimeSeconds;

	TokenServer(Path dir, long lifetimeSeconds) throws Exception {
		this.lifetimeSeconds = lifetimeSeconds;
		Path keyFile = dir.resolve("token.key");
		this.certificate = dir.resolve("token.crt");
		Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
				keyFile.toString(), "-out", this.certificate.toString(), "-days", "1", "-subj", "/CN=" + ISSUER)
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("openssl.log").toFile())
			.start();
		if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
			throw new AssertionError("openssl could not make the token key: " + Files.readString(dir.resolve("openssl.log")));
		}
		this.key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(keyFile)));
		X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(Files.newInputStream(this.certificate));
		this.certificateDer = Base64.getEncoder().encodeToString(cert.getEncoded());
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/token", this::token);
		this.server.start();
	}

	String realm() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/token";
	}

	Path certificate() {
		return this.certificate;
	}

	/** Every token issued so far. */
	List<String> issued() {
		return List.copyOf(this.issued);
	}

	/** How many requests were refused for bad credentials. */
	int refusals() {
		return this.refusals.size();
	}

	private void token(HttpExchange exchange) throws IOException {
		String expected = "Basic " + Base64.getEncoder()
			.encodeToString((TestRegistry.USER + ":" + TestRegistry.PASSWORD).getBytes(StandardCharsets.UTF_8));
		if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
			this.refusals.add(String.valueOf(exchange.getRequestURI()));
			send(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
			return;
		}
		List<String> access = new ArrayList<>();
		String query = exchange.getRequestURI().getRawQuery();
		for (String pair : (query != null) ? query.split("&") : new String[0]) {
			if (pair.startsWith("scope=")) {
				String scope = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
				String type = scope.substring(0, scope.indexOf(':'));
				String name = scope.substring(scope.indexOf(':') + 1, scope.lastIndexOf(':'));
				String actions = scope.substring(scope.lastIndexOf(':') + 1);
				access.add("{\"type\":\"%s\",\"name\":\"%s\",\"actions\":[%s]}".formatted(type, name,
						String.join(",", List.of(actions.split(",")).stream().map(a -> "\"" + a + "\"").toList())));
			}
		}
		long now = Instant.now().getEpochSecond();
		String header = "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5c\":[\"" + this.certificateDer + "\"]}";
		String claims = "{\"iss\":\"%s\",\"sub\":\"%s\",\"aud\":\"%s\",\"exp\":%d,\"nbf\":%d,\"iat\":%d,\"jti\":\"%s\",\"access\":[%s]}"
			.formatted(ISSUER, TestRegistry.USER, SERVICE, now + this.lifetimeSeconds, now - 5, now, UUID.randomUUID(),
					String.join(",", access));
		String signed = base64Url(header) + "." + base64Url(claims);
		try {
			Signature rsa = Signature.getInstance("SHA256withRSA");
			rsa.initSign(this.key);
			rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
			String token = signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
			this.issued.add(token);
			send(exchange, 200, "{\"token\":\"%s\",\"expires_in\":%d,\"issued_at\":\"%s\"}".formatted(token,
					this.lifetimeSeconds, Instant.ofEpochSecond(now)));
		}
		catch (Exception ex) {
			send(exchange, 500, "{}");
		}
	}

	private static void send(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static String base64Url(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] pem(Path file) throws IOException {
		String text = Files.readString(file);
		String body = text.substring(text.indexOf("-----BEGIN PRIVATE KEY-----") + 27, text.indexOf("-----END PRIVATE KEY-----"));
		return Base64.getMimeDecoder().decode(body);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
