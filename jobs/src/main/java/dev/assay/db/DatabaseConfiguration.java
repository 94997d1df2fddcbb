package dev.assay.db;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.assay.AssayHome;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The one {@link DataSource} of assay: the MariaDB server named by {@code spring.datasource.url}, or
 * else an embedded MariaDB under {@code assay.home}. Either way the URL carries the options that the
 * bulk paths need.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ AssayHome.class, DatabaseProperties.class })
class DatabaseConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
	EmbeddedMariaDb embeddedMariaDb(AssayHome home, DatabaseProperties properties) {
		return EmbeddedMariaDb.start(home.dataDir(), properties.embeddedPort(), properties.name());
	}

	@Bean
	HikariDataSource dataSource(DataSourceProperties properties, DatabaseProperties database,
			ObjectProvider<EmbeddedMariaDb> embedded) {
		String url;
		String username = properties.getUsername();
		if (StringUtils.hasText(properties.getUrl())) {
			url = properties.getUrl();
		}
		else {
			url = embedded.getObject().jdbcUrl(database.name());
			username = "root";
		}
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setPoolName("assay");
		dataSource.setJdbcUrl(JdbcUrls.withBulkOptions(url));
		dataSource.setUsername(username);
		dataSource.setPassword(properties.getPassword());
		return dataSource;
	}

}
