package dev.assay.scans;

import java.nio.file.Path;

import dev.assay.AssayHome;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of {@code scan-import}.
 *
 * @param dir the folder whose reports a run imports when it is given neither {@code dir=} nor
 * {@code file=}; a relative path is taken under {@code assay.home}, so the default is
 * {@code <assay.home>/import}
 */
@ConfigurationProperties("assay.import")
record ScanImportProperties(@DefaultValue("import") Path dir) {

	/** The import folder as an absolute path. */
	Path folder(AssayHome home) {
		return home.home().resolve(this.dir).toAbsolutePath().normalize();
	}

}
