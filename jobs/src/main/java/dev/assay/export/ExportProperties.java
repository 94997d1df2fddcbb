package dev.assay.export;

import java.nio.file.Path;
import java.time.Duration;

import dev.assay.AssayHome;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of {@code export}.
 *
 * @param dir where report sets are written, one folder each; a relative path is taken under
 * {@code assay.home}
 * @param keep how many report sets to keep (the newest); 0 keeps all
 * @param maxAge report sets older than this are removed; {@code null} (the default) removes none
 * for age
 */
@ConfigurationProperties("assay.export")
public record ExportProperties(@DefaultValue("reports") Path dir, @DefaultValue("30") int keep, Duration maxAge) {

	public ExportProperties {
		if (keep < 0) {
			throw new IllegalArgumentException(
					"assay.export.keep is " + keep + "; give how many report sets to keep (0 keeps all)");
		}
		if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
			throw new IllegalArgumentException("assay.export.max-age is " + maxAge
					+ "; give a positive duration such as 90d, or leave it unset to remove no set for its age");
		}
	}

	/** The report folder as an absolute path. */
	Path folder(AssayHome home) {
		return home.home().resolve(this.dir).toAbsolutePath().normalize();
	}

}
