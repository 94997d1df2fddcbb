package dev.assay.feeds.kev;

import dev.assay.AssayHome;
import dev.assay.batch.JobParameterRules;
import dev.assay.batch.JobSummary;
import dev.assay.feeds.FeedFetcher;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code kev-ingest} job: fetch the CISA KEV catalog, then load it unless it is unchanged.
 * Job parameters: {@code url} (instead of {@code assay.feeds.kev.url}, for one run) and
 * {@code force=true} (load a catalog that shrank to fewer than half the entries of the last good
 * one).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KevProperties.class)
class KevIngestJobConfiguration {

	@Bean
	Job kevIngestJob(JobRepository jobRepository, JobSummary jobSummary, Step fetchKevStep, Step loadKevStep) {
		String noop = ExitStatus.NOOP.getExitCode();
		return new JobBuilder("kev-ingest", jobRepository)
			.validator(JobParameterRules.allowing("url").flags("force"))
			.listener(jobSummary)
			.start(fetchKevStep)
			.on(noop)
			.end(noop)
			.from(fetchKevStep)
			.on("*")
			.to(loadKevStep)
			.end()
			.build();
	}

	@Bean
	Step fetchKevStep(JobRepository jobRepository, KevFetchTasklet fetchKevTasklet) {
		// The download holds no database transaction open. A restart fetches again rather than
		// reloading the file of the failed run: the feed or the URL may have been fixed since.
		return new StepBuilder("fetchKevStep", jobRepository)
			.tasklet(fetchKevTasklet, new ResourcelessTransactionManager())
			.allowStartIfComplete(true)
			.build();
	}

	@Bean
	Step loadKevStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			KevLoadTasklet loadKevTasklet) {
		return new StepBuilder("loadKevStep", jobRepository).tasklet(loadKevTasklet, transactionManager).build();
	}

	@Bean
	@StepScope
	KevFetchTasklet fetchKevTasklet(FeedFetcher fetcher, KevStore store, AssayHome home, KevProperties properties,
			@Value("#{jobParameters['url']}") String url) {
		return new KevFetchTasklet(fetcher, store, home.workDir("feeds"), (url != null) ? url : properties.url());
	}

	@Bean
	@StepScope
	KevLoadTasklet loadKevTasklet(KevCatalogReader reader, KevStore store,
			@Value("#{jobParameters['force'] == 'true'}") boolean force) {
		return new KevLoadTasklet(reader, store, force);
	}

}
