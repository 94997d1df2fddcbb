package dev.assay.registry;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.assay.StatusContributor;

import org.springframework.stereotype.Component;

/**
 * The registries part of {@code assay status}. JSON: one object per configured registry,
 * {@code {"name","url","repositories","images","lastRun","failures","error"}}: the url without
 * credentials, counts of the last run (images: digests it served; failures: those of them whose
 * last scan failed), {@code lastRun} ISO-8601 in UTC or {@code null} before the first run,
 * {@code error} why the last run could not read it, else {@code null}. {@code null} where no
 * registry is configured.
 */
@Component
class RegistryStatus implements StatusContributor {

	private final RegistriesProperties registries;

	private final RegistryStore store;

	RegistryStatus(RegistriesProperties registries, RegistryStore store) {
		this.registries = registries;
		this.store = store;
	}

	@Override
	public String path() {
		return "registries";
	}

	@Override
	public Object status() {
		if (this.registries.registries().isEmpty()) {
			return null;
		}
		Map<String, Map<String, Object>> runs = new LinkedHashMap<>();
		this.store.status().forEach(row -> runs.put((String) row.get("registry_name"), row));
		List<Map<String, Object>> status = new ArrayList<>();
		for (RegistrySettings registry : this.registries.registries()) {
			Map<String, Object> run = runs.getOrDefault(registry.name(), Map.of());
			Map<String, Object> one = new LinkedHashMap<>();
			one.put("name", registry.name());
			one.put("url", registry.shownUrl());
			one.put("repositories", number(run.get("repositories")));
			one.put("images", number(run.get("images")));
			one.put("lastRun", lastRun(run.get("last_run")));
			one.put("failures", number(run.get("failures")));
			one.put("error", run.get("error"));
			status.add(one);
		}
		return status;
	}

	@Override
	public String describe() {
		Object status = status();
		if (status == null) {
			return "none configured (assay.registries)";
		}
		StringBuilder lines = new StringBuilder();
		for (Object entry : (List<?>) status) {
			Map<?, ?> one = (Map<?, ?>) entry;
			if (!lines.isEmpty()) {
				lines.append('\n');
			}
			lines.append(one.get("name")).append(" (").append(one.get("url")).append("): ");
			if (one.get("lastRun") == null) {
				lines.append("never read; run: assay run registry-rescan");
				continue;
			}
			lines.append(one.get("repositories")).append(" repositories, ").append(one.get("images"))
				.append(" images, ").append(one.get("failures")).append(" failing scans; last run ")
				.append(one.get("lastRun"));
			if (one.get("error") != null) {
				lines.append("; could not be read: ").append(one.get("error"));
			}
		}
		return lines.toString();
	}

	/** The driver gives DATETIME as {@link Timestamp} or {@link LocalDateTime}; both hold UTC. */
	private static String lastRun(Object value) {
		LocalDateTime last = (value instanceof Timestamp timestamp) ? timestamp.toLocalDateTime()
				: (value instanceof LocalDateTime local) ? local : null;
		return (last != null) ? last.toInstant(ZoneOffset.UTC).toString() : null;
	}

	private static long number(Object value) {
		return (value instanceof Number number) ? number.longValue() : 0;
	}

}
