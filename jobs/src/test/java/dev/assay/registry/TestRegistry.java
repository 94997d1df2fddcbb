package dev.assay.registry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A real OCI registry for tests: Debian's {@code docker-registry} (the CNCF distribution server)
 * on a free loopback port, storing under a test folder, open or behind basic or token auth. Several
 * may share one storage folder, so that images pushed to an open one are served by one with auth.
 */
final class TestRegistry implements AutoCloseable {

	static final String PROGRAM = "/usr/bin/docker-registry";

	/** The only user of the basic-auth registries. */
	static final String USER = "assay";

	/** A password for throwaway loopback registries only. */
	static final String PASSWORD = "Xq7-test-only-pw-4711";

	/**
	 * bcrypt of {@link #PASSWORD} (docker-registry's htpasswd takes bcrypt only), made with
	 * {@code python3 -c "import crypt; print(crypt.crypt(PASSWORD, crypt.mksalt(crypt.METHOD_BLOWFISH)))"}.
	 */
	private static final String PASSWORD_BCRYPT = "$2b$12$Fjjg6MVvBayd9SUUrWmOd.MPU/Gv35Tub3wGWqiFuATpL8TtTOLAW";

	private final Process process;

	private final int port;

	private TestRegistry(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	static TestRegistry open(Path storage, Path dir) {
		return start(storage, dir, "");
	}

	static TestRegistry basicAuth(Path storage, Path dir) {
		Path htpasswd = dir.resolve("htpasswd");
		write(htpasswd, USER + ":" + PASSWORD_BCRYPT + "\n");
		return start(storage, dir, """
				auth:
				  htpasswd:
				    realm: assay-test
				    path: %s
				""".formatted(htpasswd));
	}

	static TestRegistry tokenAuth(Path storage, Path dir, TokenServer tokens) {
		return start(storage, dir, """
				auth:
				  token:
				    realm: %s
				    service: %s
				    issuer: %s
				    rootcertbundle: %s
				""".formatted(tokens.realm(), TokenServer.SERVICE, TokenServer.ISSUER, tokens.certificate()));
	}

	private static TestRegistry start(Path storage, Path dir, String auth) {
		if (!Files.isExecutable(Path.of(PROGRAM))) {
			throw new AssertionError(PROGRAM + " is missing: the registry tests need the Debian package"
					+ " docker-registry (apt-get install -y docker-registry; .ci/run installs it)");
		}
		int port = freePort();
		Path config = dir.resolve("registry-" + port + ".yml");
		write(config, """
				version: 0.1
				log:
				  level: warn
				storage:
				  filesystem:
				    rootdirectory: %s
				  delete:
				    enabled: true
				http:
				  addr: 127.0.0.1:%d
				%s""".formatted(storage, port, auth));
		try {
			Process process = new ProcessBuilder(PROGRAM, "serve", config.toString())
				.redirectErrorStream(true)
				.redirectOutput(dir.resolve("registry-" + port + ".log").toFile())
				.start();
			TestRegistry registry = new TestRegistry(process, port);
			registry.awaitReady(dir.resolve("registry-" + port + ".log"));
			return registry;
		}
		catch (IOException ex) {
			throw new AssertionError("Could not start " + PROGRAM + ": " + ex.getMessage(), ex);
		}
	}

	private void awaitReady(Path log) throws IOException {
		OkHttpClient client = new OkHttpClient();
		Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new AssertionError("docker-registry ended at start: " + Files.readString(log));
			}
			try (Response response = client.newCall(new Request.Builder().url(url() + "/v2/").build()).execute()) {
				return;
			}
			catch (IOException ex) {
				sleep();
			}
		}
		close();
		throw new AssertionError("docker-registry did not answer within 15 s: " + Files.readString(log));
	}

	/** {@code http://127.0.0.1:port} */
	String url() {
		return "http://" + host();
	}

	/** {@code 127.0.0.1:port}, the registry part of its image references. */
	String host() {
		return "127.0.0.1:" + this.port;
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new AssertionError("No free loopback port", ex);
		}
	}

	private static void write(Path file, String text) {
		try {
			Files.writeString(file, text);
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
