package dev.assay.scans;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.assay.AssayHome;
import dev.assay.StatusContributor;

import org.springframework.stereotype.Component;

/**
 * The scans part of {@code assay status}. JSON: {@code {"images","scanned","findings",
 * "filesImported","filesFailed","lastImport"}}, or {@code null} before anything was imported;
 * times are ISO-8601 in UTC.
 */
@Component
class ScanStatus implements StatusContributor {

	private final ScanStore store;

	private final ScanImportProperties properties;

	private final AssayHome home;

	ScanStatus(ScanStore store, ScanImportProperties properties, AssayHome home) {
		this.store = store;
		this.properties = properties;
		this.home = home;
	}

	@Override
	public String path() {
		return "scans";
	}

	@Override
	public Object status() {
		ScanCounts counts = this.store.counts();
		if (counts.images() == 0 && counts.filesFailed() == 0) {
			return null;
		}
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("images", counts.images());
		status.put("scanned", counts.scanned());
		status.put("findings", counts.findings());
		status.put("filesImported", counts.filesImported());
		status.put("filesFailed", counts.filesFailed());
		status.put("lastImport", (counts.lastImport() != null) ? counts.lastImport().toString() : null);
		return status;
	}

	@Override
	public String describe() {
		ScanCounts counts = this.store.counts();
		if (counts.images() == 0 && counts.filesFailed() == 0) {
			return "no scans imported yet; put reports in " + this.properties.folder(this.home)
					+ " and run: assay run scan-import";
		}
		return counts.images() + " images (" + counts.scanned() + " scanned), " + counts.findings()
				+ " current findings; " + counts.filesImported() + " report files imported, " + counts.filesFailed()
				+ " failed" + ((counts.lastImport() != null) ? "; last import " + counts.lastImport() : "");
	}

}
