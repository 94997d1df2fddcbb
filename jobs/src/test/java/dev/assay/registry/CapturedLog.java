package dev.assay.registry;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Everything written to {@code System.err} while it is open, where assay's log goes: the console
 * appender that Spring Boot sets up when each command starts takes the stream in place then.
 */
final class CapturedLog implements AutoCloseable {

	private final PrintStream original = System.err;

	private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

	CapturedLog() {
		System.setErr(new PrintStream(new Tee(this.original, this.captured), true, StandardCharsets.UTF_8));
	}

	String text() {
		synchronized (this.captured) {
			return this.captured.toString(StandardCharsets.UTF_8);
		}
	}

	@Override
	public void close() {
		System.setErr(this.original);
	}

	private static final class Tee extends OutputStream {

		private final OutputStream first;

		private final ByteArrayOutputStream second;

		Tee(OutputStream first, ByteArrayOutputStream second) {
			this.first = first;
			this.second = second;
		}

		@Override
		public void write(int b) {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			synchronized (this.second) {
				this.second.write(bytes, offset, length);
			}
			try {
				this.first.write(bytes, offset, length);
			}
			catch (java.io.IOException ex) {
				// The real stderr is only a copy.
			}
		}

	}

}
