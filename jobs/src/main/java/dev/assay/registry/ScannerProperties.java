package dev.assay.registry;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The scanner {@code registry-rescan} runs, one image reference per run, without a shell.
 *
 * @param type {@code grype} or {@code trivy}: which arguments it is given
 * @param command the program; by default the type's name, looked up on the {@code PATH}
 * @param timeout a run that takes longer is killed, with its child processes, and the image stays
 * UNKNOWN
 * @param parallelism scans run at once
 * @param maxOutput the largest report accepted on stdout
 */
@ConfigurationProperties("assay.scanner")
public record ScannerProperties(@DefaultValue("grype") String type, String command,
		@DefaultValue("10m") Duration timeout, @DefaultValue("2") int parallelism,
		@DefaultValue("512MB") DataSize maxOutput) {

	public ScannerProperties {
		type = type.trim().toLowerCase();
		if (!type.equals("grype") && !type.equals("trivy")) {
			throw new IllegalArgumentException("assay.scanner.type is '" + type + "'; it must be grype or trivy");
		}
		command = (command == null || command.isBlank()) ? type : command.trim();
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("assay.scanner.timeout is " + timeout + "; it must be positive");
		}
		if (parallelism < 1 || parallelism > 64) {
			throw new IllegalArgumentException("assay.scanner.parallelism is " + parallelism + "; it must be 1 to 64");
		}
	}

}
