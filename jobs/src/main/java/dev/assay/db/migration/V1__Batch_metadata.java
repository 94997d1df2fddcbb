package dev.assay.db.migration;

import org.springframework.stereotype.Component;

/** The Spring Batch job repository tables, from the script in spring-batch-core. */
@Component
class V1__Batch_metadata extends LibrarySchemaMigration {

	V1__Batch_metadata() {
		super("org/springframework/batch/core/schema-mariadb.sql");
	}

}
