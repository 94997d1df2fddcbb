package dev.assay.registry;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;

/**
 * A MockWebServer in front of a real registry: it answers the first requests whose path starts
 * with a given prefix with scripted faults (500, 429 with {@code Retry-After}), and passes every
 * other request through to the registry. It records when each request came.
 */
final class FaultyRegistry implements AutoCloseable {

	private final MockWebServer server = new MockWebServer();

	private final OkHttpClient client = new OkHttpClient.Builder().followRedirects(false).build();

	private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();

	private final List<Seen> seen = new CopyOnWriteArrayList<>();

	FaultyRegistry(TestRegistry registry) throws IOException {
		this.server.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				String path = request.getUrl().encodedPath();
				for (Fault fault : FaultyRegistry.this.faults) {
					if (path.startsWith(fault.pathPrefix()) && FaultyRegistry.this.faults.remove(fault)) {
						FaultyRegistry.this.seen.add(new Seen(path, fault.response().getCode(), Instant.now()));
						return fault.response();
					}
				}
				MockResponse forwarded = forward(registry, request);
				FaultyRegistry.this.seen.add(new Seen(path, forwarded.getCode(), Instant.now()));
				return forwarded;
			}

		});
		this.server.start();
	}

	/** Answers the next request under {@code pathPrefix} with {@code response} instead of the registry. */
	void fail(String pathPrefix, MockResponse response) {
		this.faults.add(new Fault(pathPrefix, response));
	}

	/** {@code http://127.0.0.1:port} of the proxy. */
	String url() {
		return "http://127.0.0.1:" + this.server.getPort();
	}

	List<Seen> seen() {
		return List.copyOf(this.seen);
	}

	private MockResponse forward(TestRegistry registry, RecordedRequest request) {
		Request.Builder forwarded = new Request.Builder().url(registry.url() + request.getTarget());
		for (String name : List.of("Accept", "Authorization")) {
			if (request.getHeaders().get(name) != null) {
				forwarded.header(name, request.getHeaders().get(name));
			}
		}
		forwarded.method(request.getMethod(), null);
		try (Response response = this.client.newCall(forwarded.build()).execute()) {
			Headers.Builder headers = new Headers.Builder();
			for (String name : List.of("Content-Type", "Docker-Content-Digest", "Link", "WWW-Authenticate")) {
				if (response.header(name) != null) {
					headers.add(name, response.header(name));
				}
			}
			MockResponse.Builder answer = new MockResponse.Builder().code(response.code()).headers(headers.build());
			if (!request.getMethod().equals("HEAD")) {
				answer.body(new Buffer().write(response.body().bytes()));
			}
			return answer.build();
		}
		catch (IOException ex) {
			return new MockResponse.Builder().code(502).build();
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

	private record Fault(String pathPrefix, MockResponse response) {
	}

	/** One request as the proxy saw it: its path, the status it got, and when. */
	record Seen(String path, int code, Instant at) {
	}

}
