package dev.assay.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The CPU time the MariaDB server process has used so far, from {@code /proc/<pid>/stat}. A case
 * that took longer while the server used more CPU for the same rows ran on a slower machine, not
 * slower code: on a shared machine the server's CPU per load was seen to vary 2x from one minute to
 * the next while the single-threaded baseline did not. Linux only, and only for a server on this
 * machine, as the embedded one is.
 */
final class ServerCpu {

	/** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every common platform. */
	private static final long NANOS_PER_TICK = 10_000_000L;

	private final Path stat;

	private ServerCpu(Path stat) {
		this.stat = stat;
	}

	/** The server's CPU clock, or empty when its process cannot be read here. */
	static Optional<ServerCpu> of(JdbcTemplate jdbc) {
		try {
			// A relative pid file lies in the data folder; resolving an absolute one gives it back as it is.
			Path file = Path.of(jdbc.queryForObject("SELECT @@datadir", String.class))
				.resolve(jdbc.queryForObject("SELECT @@pid_file", String.class));
			Path stat = Path.of("/proc", Files.readString(file).strip(), "stat");
			ServerCpu cpu = new ServerCpu(stat);
			cpu.used();
			return Optional.of(cpu);
		}
		catch (IOException | RuntimeException ex) {
			System.out.println("The server's CPU time is not reported: " + ex.getMessage());
			return Optional.empty();
		}
	}

	/** User and system time of the server process since it started. */
	Duration used() throws IOException {
		// The command name, in parentheses, may hold spaces: fields are counted after it.
		String text = Files.readString(this.stat);
		String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
		// utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
		long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		return Duration.ofNanos(ticks * NANOS_PER_TICK);
	}

}
