package dev.assay.bench;

import java.time.Duration;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Lets MariaDB finish the background work that earlier cases left (dirty pages still to be
 * written, old row versions still to be purged) before a case is timed, so that no case pays for
 * the writes of the one before it. Each case's own background work is then written after it, and
 * left out of every case alike.
 */
final class QuietServer {

	private static final Duration MOST = Duration.ofSeconds(120);

	private static final long FEW_PAGES = 16;

	private QuietServer() {
	}

	/** Waits until the buffer pool is nearly clean and purge has caught up, for at most two minutes. */
	static void settle(JdbcTemplate jdbc) throws InterruptedException {
		Integer dirtyPercent = jdbc.queryForObject("SELECT @@GLOBAL.innodb_max_dirty_pages_pct", Integer.class);
		jdbc.execute("SET GLOBAL innodb_max_dirty_pages_pct = 0");
		try {
			long deadline = System.nanoTime() + MOST.toNanos();
			while (status(jdbc, "Innodb_buffer_pool_pages_dirty") > FEW_PAGES
					|| status(jdbc, "Innodb_history_list_length") > FEW_PAGES) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("MariaDB did not settle within " + MOST + ": the times would mean"
							+ " little on a server this busy");
				}
				Thread.sleep(20);
			}
		}
		finally {
			jdbc.execute("SET GLOBAL innodb_max_dirty_pages_pct = " + dirtyPercent);
		}
	}

	private static long status(JdbcTemplate jdbc, String name) {
		return jdbc.query("SHOW GLOBAL STATUS LIKE '" + name + "'", rs -> rs.next() ? rs.getLong(2) : 0L);
	}

}
