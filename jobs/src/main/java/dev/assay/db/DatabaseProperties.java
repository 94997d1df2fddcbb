package dev.assay.db;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded database, used only when {@code spring.datasource.url} is not set.
 *
 * @param embeddedPort the port of the embedded server, 0 for any free loopback port
 * @param name the database (schema) assay creates and uses on the embedded server
 */
@ConfigurationProperties("assay.database")
public record DatabaseProperties(@DefaultValue("0") int embeddedPort, @DefaultValue("assay") String name) {
}
