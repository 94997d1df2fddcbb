package dev.assay.db.migration;

import org.springframework.stereotype.Component;

/** The Quartz JDBC job store tables, from the InnoDB script in the quartz jar. */
@Component
class V2__Quartz_metadata extends LibrarySchemaMigration {

	V2__Quartz_metadata() {
		super("org/quartz/impl/jdbcjobstore/tables_mysql_innodb.sql");
	}

}
