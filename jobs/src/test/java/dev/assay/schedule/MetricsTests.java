package dev.assay.schedule;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.assay.AssayApplication;
import dev.assay.testing.Cli;
import dev.assay.testing.Fixtures;
import dev.assay.testing.Sql;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The metrics: served at {@code /actuator/prometheus} (with {@code /actuator/health}) by the
 * scheduler only, and pushed to a Pushgateway by a one-shot run when enabled. Expected values come
 * from the demo inputs and the job repository rows the runs left.
 */
class MetricsTests {

	static final Path KEV = Path.of("..", "config", "demo", "kev.json").toAbsolutePath().normalize();

	@TempDir
	Path home;

	Cli cli;

	Sql sql;

	Instant started;

	@BeforeEach
	void database() throws Exception {
		this.started = Instant.now();
		this.cli = new Cli("metrics", this.home);
		this.sql = new Sql(this.cli.jdbcUrl());
		Path imports = Files.createDirectories(this.home.resolve("import"));
		Files.copy(Fixtures.file(PipelineTests.REPORT), imports.resolve("keycloak.json"));
	}

	@Test
	void theSchedulerServesJobImageAndFeedMetricsAndHealth() throws Exception {
		// given: a KEV load, a failed EPSS load, a scan import
		assertThat(this.cli.run("run", "kev-ingest", "url=" + KEV.toUri()).exitCode()).isZero();
		assertThat(this.cli.run("run", "epss-ingest", "url=" + this.home.resolve("missing.csv").toUri()).exitCode())
			.isEqualTo(1);
		assertThat(this.cli.run("run", "scan-import").exitCode()).isZero();
		JsonNode images = JsonMapper.shared().readTree(this.cli.run("status", "--json").out()).get("images");

		try (SchedulerNode node = SchedulerNode.start(this.cli.jdbcUrl(), this.home)) {
			// when
			String port = node.context.getEnvironment().getProperty("local.server.port");
			String metrics = get("http://127.0.0.1:" + port + "/actuator/prometheus");
			String health = get("http://127.0.0.1:" + port + "/actuator/health");

			// then
			assertThat(JsonMapper.shared().readTree(health).get("status").stringValue()).isEqualTo("UP");
			int entries = JsonMapper.shared().readTree(KEV.toFile()).get("vulnerabilities").size();
			assertThat(PrometheusText.value(metrics, "assay_job_last_items", Map.of("job", "kev-ingest", "kind", "written")))
				.isEqualTo(entries);
			assertThat(PrometheusText.value(metrics, "assay_job_last_success_time_seconds", Map.of("job", "kev-ingest")))
				.isCloseTo(lastEnd("kev-ingest"), within(0.001));
			double took = PrometheusText.value(metrics, "assay_job_last_duration_seconds", Map.of("job", "kev-ingest"));
			assertThat(took).isGreaterThanOrEqualTo(0).isLessThan(secondsSince(this.started));
			assertThat(PrometheusText.value(metrics, "assay_job_failures", Map.of("job", "epss-ingest"))).isEqualTo(1);
			assertThat(PrometheusText.value(metrics, "assay_job_failures", Map.of("job", "kev-ingest"))).isZero();
			assertThat(PrometheusText.value(metrics, "assay_job_last_success_time_seconds", Map.of("job", "epss-ingest")))
				.isNaN();
			for (String result : List.of("PASS", "WARN", "FAIL", "UNKNOWN")) {
				assertThat(PrometheusText.value(metrics, "assay_images", Map.of("result", result))).as(result)
					.isEqualTo(images.get(result).asLong());
			}
			assertThat(PrometheusText.value(metrics, "assay_feed_age_seconds", Map.of("feed", "kev"))).isGreaterThanOrEqualTo(0)
				.isLessThan(secondsSince(this.started));
			assertThat(PrometheusText.value(metrics, "assay_feed_age_seconds", Map.of("feed", "epss"))).isNaN();
		}
	}

	@Test
	void aOneShotCommandStartsNoWebServer() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AssayApplication.class).run(
				"--spring.datasource.url=" + this.cli.jdbcUrl(), "--spring.datasource.username=root",
				"--assay.home=" + this.home)) {
			assertThat(context).isNotInstanceOf(WebServerApplicationContext.class);
		}
	}

	@Test
	void aOneShotRunPushesItsMetricsToThePushgatewayWhenEnabled() throws Exception {
		try (MockWebServer pushgateway = new MockWebServer()) {
			for (int i = 0; i < 5; i++) {
				pushgateway.enqueue(new MockResponse.Builder().code(200).build());
			}
			pushgateway.start();

			Cli.Result result = this.cli.run("run", "kev-ingest", "url=" + KEV.toUri(),
					"--management.prometheus.metrics.export.pushgateway.enabled=true",
					"--management.prometheus.metrics.export.pushgateway.address=127.0.0.1:" + pushgateway.getPort());

			assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
			List<RecordedRequest> pushes = new ArrayList<>();
			for (RecordedRequest push; (push = pushgateway.takeRequest(2, TimeUnit.SECONDS)) != null;) {
				pushes.add(push);
			}
			// The last push is the one at shutdown, after the run: it carries the run's numbers.
			RecordedRequest last = pushes.get(pushes.size() - 1);
			assertThat(last.getMethod()).isEqualTo("PUT");
			assertThat(last.getTarget()).isEqualTo("/metrics/job/assay");
			String body = last.getBody().utf8();
			int entries = JsonMapper.shared().readTree(KEV.toFile()).get("vulnerabilities").size();
			assertThat(PrometheusText.value(body, "assay_job_last_items", Map.of("job", "kev-ingest", "kind", "written")))
				.isEqualTo(entries);
			assertThat(PrometheusText.value(body, "assay_job_last_success_time_seconds", Map.of("job", "kev-ingest")))
				.isCloseTo(lastEnd("kev-ingest"), within(0.001));
		}
	}

	private double lastEnd(String job) {
		Timestamp end = (Timestamp) this.sql.value("SELECT MAX(e.END_TIME) FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_INSTANCE i"
				+ " ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID WHERE i.JOB_NAME = '" + job + "' AND e.STATUS = 'COMPLETED'");
		return end.toLocalDateTime().atZone(ZoneId.systemDefault()).toInstant().toEpochMilli() / 1000.0;
	}

	private static double secondsSince(Instant start) {
		return (Instant.now().toEpochMilli() - start.toEpochMilli()) / 1000.0;
	}

	private static String get(String url) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(url).isEqualTo(200);
		return response.body();
	}

}
