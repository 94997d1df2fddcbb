package dev.assay.batch;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

/**
 * Checks the parameters of a job: only the named ones are allowed, and flags must be
 * {@code true} or {@code false}. A refused parameter is a usage error (exit code 2).
 */
public final class JobParameterRules implements JobParametersValidator {

	private final Set<String> allowed = new TreeSet<>();

	private final Set<String> flags = new HashSet<>();

	private JobParameterRules() {
		this.allowed.add(JobRunner.RUN_ID);
	}

	public static JobParameterRules allowing(String... names) {
		JobParameterRules rules = new JobParameterRules();
		rules.allowed.addAll(Arrays.asList(names));
		return rules;
	}

	/** Adds parameters that take {@code true} or {@code false}. */
	public JobParameterRules flags(String... names) {
		this.allowed.addAll(Arrays.asList(names));
		this.flags.addAll(Arrays.asList(names));
		return this;
	}

	@Override
	public void validate(JobParameters parameters) throws InvalidJobParametersException {
		for (JobParameter<?> parameter : parameters) {
			if (!this.allowed.contains(parameter.name())) {
				throw new InvalidJobParametersException("unknown parameter '" + parameter.name() + "'; allowed: "
						+ String.join(", ", this.allowed.stream().filter(name -> !name.equals(JobRunner.RUN_ID)).toList()));
			}
			String value = String.valueOf(parameter.value());
			if (this.flags.contains(parameter.name()) && !value.equals("true") && !value.equals("false")) {
				throw new InvalidJobParametersException(
						"parameter '" + parameter.name() + "' takes true or false, not '" + value + "'");
			}
		}
	}

	/** The flag's value, {@code false} when it is not given. */
	public static boolean flag(JobParameters parameters, String name) {
		return "true".equals(parameters.getString(name));
	}

}
