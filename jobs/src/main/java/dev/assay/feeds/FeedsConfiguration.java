package dev.assay.feeds;

import okhttp3.OkHttpClient;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The HTTP client the feeds share. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FeedHttpProperties.class)
class FeedsConfiguration {

	@Bean
	OkHttpClient feedHttpClient(FeedHttpProperties properties) {
		// Retries are FeedFetcher's, with back-off; OkHttp's own silent retry would hide failures.
		return new OkHttpClient.Builder().connectTimeout(properties.connectTimeout())
			.readTimeout(properties.readTimeout())
			.callTimeout(properties.callTimeout())
			.followRedirects(true)
			.followSslRedirects(true)
			.retryOnConnectionFailure(false)
			.build();
	}

}
