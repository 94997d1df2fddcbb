package dev.assay.db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Runs a DDL script that a library ships in its jar, so its metadata tables are created once, by
 * Flyway, at the version the library on the classpath expects, without copying the script here.
 */
abstract class LibrarySchemaMigration extends BaseJavaMigration {

	private final String script;

	LibrarySchemaMigration(String script) {
		this.script = script;
	}

	@Override
	public void migrate(Context context) {
		ResourceDatabasePopulator populator = new ResourceDatabasePopulator(new ClassPathResource(this.script));
		populator.setCommentPrefixes("--", "#");
		populator.execute(new SingleConnectionDataSource(context.getConnection(), true));
	}

}
