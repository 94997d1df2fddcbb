package dev.assay.export;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.assay.assessment.Result;

import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * What one {@code export} writes, from its job parameters: which images (view, results, registry,
 * repository glob), which of their findings (min CVSS, min EPSS, KEV only), and which files. An
 * image passes when it passes the image filters and, if any finding filter is given, has a
 * finding that passes them; the CSV files then hold only the findings that pass.
 *
 * @param running only images with running instances ({@code view=running})
 * @param results the results exported; UNKNOWN only when named
 * @param registry exact registry, {@code null} for any ({@code registry=} with nothing after it
 * means the blank registry of Docker Hub images)
 * @param repository a glob ({@code *} any characters, {@code ?} one), {@code null} for any
 * @param minCvss findings scored at least this, {@code null} for any
 * @param minEpss findings with an EPSS score of at least this, {@code null} for any
 * @param kevOnly only findings whose CVE is in the KEV catalog
 * @param formats the files to write besides the manifest
 */
record ExportFilters(boolean running, Set<Result> results, String registry, String repository, BigDecimal minCvss,
		BigDecimal minEpss, boolean kevOnly, Set<ExportFile> formats) {

	static final List<String> PARAMETERS = List.of("view", "results", "registry", "repository", "min-cvss",
			"min-epss", "kev-only", "formats");

	/** The filters of the job parameters; each bad one named with what it takes. */
	static ExportFilters of(JobParameters parameters) throws InvalidJobParametersException {
		String view = parameters.getString("view", "scanned");
		if (!view.equals("scanned") && !view.equals("running")) {
			throw bad("view", view, "scanned or running");
		}
		String kevOnly = parameters.getString("kev-only", "false");
		if (!kevOnly.equals("true") && !kevOnly.equals("false")) {
			throw bad("kev-only", kevOnly, "true or false");
		}
		String repository = parameters.getString("repository");
		return new ExportFilters(view.equals("running"), results(parameters.getString("results")),
				parameters.getString("registry"), (repository == null || repository.isEmpty()) ? null : repository,
				score(parameters, "min-cvss", BigDecimal.TEN, "a CVSS score from 0.0 to 10.0"),
				score(parameters, "min-epss", BigDecimal.ONE, "an EPSS score from 0 to 1, such as 0.1"),
				kevOnly.equals("true"), formats(parameters.getString("formats")));
	}

	boolean filtersFindings() {
		return this.minCvss != null || this.minEpss != null || this.kevOnly;
	}

	/** SQL conditions on the image {@code i}, its assessment {@code a} and its runtime row {@code r}. */
	List<String> imageConditions() {
		List<String> conditions = new ArrayList<>();
		conditions.add("a.result IN (:results)");
		if (this.registry != null) {
			conditions.add("i.registry = :registry");
		}
		if (this.repository != null) {
			conditions.add("i.repository LIKE :repository ESCAPE '!'");
		}
		if (this.running) {
			conditions.add("r.running_instances > 0");
		}
		return conditions;
	}

	/** SQL conditions on the finding {@code f}, its EPSS row {@code e} and its KEV row {@code k}. */
	List<String> findingConditions() {
		List<String> conditions = new ArrayList<>();
		if (this.minCvss != null) {
			conditions.add("f.cvss3_score >= :minCvss");
		}
		if (this.minEpss != null) {
			conditions.add("e.epss >= :minEpss");
		}
		if (this.kevOnly) {
			conditions.add("k.cve IS NOT NULL");
		}
		return conditions;
	}

	/** The values of the named parameters the conditions use. */
	Map<String, Object> sqlParameters() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("results", this.results.stream().map(Result::name).toList());
		values.put("registry", this.registry);
		values.put("repository", (this.repository != null) ? like(this.repository) : null);
		values.put("minCvss", this.minCvss);
		values.put("minEpss", this.minEpss);
		return values;
	}

	/** The filters as the manifest records them. */
	Map<String, Object> describe() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("view", this.running ? "running" : "scanned");
		json.put("results", this.results.stream().map(Result::name).toList());
		json.put("registry", this.registry);
		json.put("repository", this.repository);
		json.put("minCvss", this.minCvss);
		json.put("minEpss", this.minEpss);
		json.put("kevOnly", this.kevOnly);
		json.put("formats", this.formats.stream().map(ExportFile::fileName).toList());
		return json;
	}

	/** A glob as a LIKE pattern with {@code !} as escape character. */
	static String like(String glob) {
		StringBuilder pattern = new StringBuilder();
		for (char c : glob.toCharArray()) {
			switch (c) {
				case '*' -> pattern.append('%');
				case '?' -> pattern.append('_');
				case '%', '_', '!' -> pattern.append('!').append(c);
				default -> pattern.append(c);
			}
		}
		return pattern.toString();
	}

	private static Set<Result> results(String value) throws InvalidJobParametersException {
		if (value == null) {
			return EnumSet.of(Result.PASS, Result.WARN, Result.FAIL);
		}
		Set<Result> results = EnumSet.noneOf(Result.class);
		for (String name : value.split(",")) {
			try {
				results.add(Result.valueOf(name.trim().toUpperCase(Locale.ROOT)));
			}
			catch (IllegalArgumentException ex) {
				throw bad("results", value, "a comma-separated list of PASS, WARN, FAIL, UNKNOWN");
			}
		}
		return results;
	}

	private static Set<ExportFile> formats(String value) throws InvalidJobParametersException {
		if (value == null) {
			return ExportFile.all();
		}
		Set<ExportFile> formats = EnumSet.noneOf(ExportFile.class);
		for (String name : value.split(",")) {
			ExportFile file = ExportFile.named(name.trim());
			if (file == null) {
				throw bad("formats", value, "a comma-separated list of " + ExportFile.names());
			}
			formats.add(file);
		}
		return formats;
	}

	private static BigDecimal score(JobParameters parameters, String name, BigDecimal max, String what)
			throws InvalidJobParametersException {
		String value = parameters.getString(name);
		if (value == null) {
			return null;
		}
		try {
			BigDecimal score = new BigDecimal(value.trim());
			if (score.signum() >= 0 && score.compareTo(max) <= 0) {
				return score;
			}
		}
		catch (NumberFormatException ex) {
			// reported below, with what the parameter takes
		}
		throw bad(name, value, what);
	}

	private static InvalidJobParametersException bad(String name, String value, String takes) {
		return new InvalidJobParametersException("parameter '" + name + "' takes " + takes + ", not '" + value + "'");
	}

}
