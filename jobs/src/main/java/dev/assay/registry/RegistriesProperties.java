package dev.assay.registry;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The registries {@code registry-rescan} keeps scanned, {@code assay.registries[i].*}. Checked when
 * assay starts: a bad entry refuses to start (exit 2) naming the property.
 *
 * @param registries the registries, none by default
 */
@ConfigurationProperties("assay")
public record RegistriesProperties(List<RegistrySettings> registries) {

	public RegistriesProperties {
		registries = (registries != null) ? List.copyOf(registries) : List.of();
		Set<String> names = new HashSet<>();
		for (int i = 0; i < registries.size(); i++) {
			String prefix = "assay.registries[" + i + "].";
			RegistrySettings registry = registries.get(i);
			registry.check(prefix);
			if (!names.add(registry.name())) {
				throw new IllegalArgumentException(prefix + "name '" + registry.name()
						+ "' is used by another registry; give each registry its own name");
			}
		}
	}

}
