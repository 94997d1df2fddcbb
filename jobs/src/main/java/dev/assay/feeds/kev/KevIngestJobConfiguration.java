package dev.assay.feeds.kev;

import dev.assay.AssayHome;
import dev.assay.batch.JobSummary;
import dev.assay.feeds.FeedFetcher;
import dev.assay.feeds.FeedJob;
import dev.assay.feeds.FeedVersion;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code kev-ingest} job: fetch the CISA KEV catalog, then load it unless it is unchanged.
 * Job parameters: {@code url} (instead of {@code assay.feeds.kev.url}, for one run) and
 * {@code force=true} (download even an unchanged catalog, and load one that shrank to fewer than
 * half the entries of the last good one).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KevProperties.class)
class KevIngestJobConfiguration {

	@Bean
	Job kevIngestJob(JobRepository jobRepository, JobSummary jobSummary, Step fetchKevStep, Step loadKevStep) {
		return FeedJob.job("kev-ingest", jobRepository, jobSummary, fetchKevStep, loadKevStep);
	}

	@Bean
	Step fetchKevStep(JobRepository jobRepository, FeedFetcher fetcher, KevStore store, AssayHome home,
			KevProperties properties) {
		return FeedJob.fetchStep("kev", "KEV catalog", jobRepository, fetcher, home.workDir("feeds"), properties::url,
				new FeedJob.LastGood() {

					@Override
					public FeedVersion version() {
						LoadedCatalog last = store.lastCatalog();
						return (last != null) ? last.feedVersion() : FeedVersion.NONE;
					}

					@Override
					public String describe() {
						LoadedCatalog last = store.lastCatalog();
						return (last != null) ? " since catalog " + last.shownVersion() + " fetched " + last.fetchedAt()
								: "";
					}

				});
	}

	@Bean
	Step loadKevStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			KevLoadTasklet loadKevTasklet) {
		return new StepBuilder("loadKevStep", jobRepository).tasklet(loadKevTasklet, transactionManager).build();
	}

	@Bean
	@StepScope
	KevLoadTasklet loadKevTasklet(KevCatalogReader reader, KevStore store,
			@Value("#{jobParameters['force'] == 'true'}") boolean force) {
		return new KevLoadTasklet(reader, store, force);
	}

}
