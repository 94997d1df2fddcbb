package dev.assay.batch;

import java.util.HashMap;
import java.util.Map;

import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * The part of the images one run scans, so that n runs (the pods of a Kubernetes Indexed Job)
 * split one rescan: image digests are hashed into {@code shards} parts and a run takes part
 * {@code index}. The hash is the digest's first 16 hex digits (8 bytes of the SHA-256) modulo
 * {@code shards}: the same in every process, and even, since digests are uniform.
 * <p>
 * {@link JobRunner} locks each shard apart, so the shards of one job run side by side, and gives a
 * Kubernetes Indexed Job's pod its index as {@code shard=}, so that each pod's run is a job instance
 * of its own that the same pod resumes.
 *
 * @param index this run's part, {@code 0 <= index < shards}
 * @param shards how many parts; 1 takes everything
 */
public record Shard(int index, int shards) {

	public static final Shard ALL = new Shard(0, 1);

	/** The environment variable of a Kubernetes Indexed Job's pod. */
	public static final String COMPLETION_INDEX = "JOB_COMPLETION_INDEX";

	/**
	 * The shard the parameters {@code shard=} and {@code shards=} name; without {@code shard=},
	 * {@code JOB_COMPLETION_INDEX} gives it.
	 * @throws InvalidJobParametersException naming the parameter that is wrong
	 */
	public static Shard of(JobParameters parameters, Map<String, String> environment) throws InvalidJobParametersException {
		String shards = parameters.getString("shards");
		String shard = parameters.getString("shard");
		if (shards == null) {
			if (shard != null) {
				throw new InvalidJobParametersException("shard=" + shard + " needs shards=n, the number of shards");
			}
			return ALL;
		}
		int count = number("shards", shards);
		if (count < 1) {
			throw new InvalidJobParametersException("shards=" + shards + " must be at least 1");
		}
		String index = shard;
		String named = "shard";
		if (index == null) {
			index = environment.get(COMPLETION_INDEX);
			named = COMPLETION_INDEX;
			if (index == null) {
				throw new InvalidJobParametersException("shards=" + shards + " needs shard=i (0 to " + (count - 1)
						+ "), or the environment variable " + COMPLETION_INDEX + " of a Kubernetes Indexed Job");
			}
		}
		int i = number(named, index);
		if (i < 0 || i >= count) {
			throw new InvalidJobParametersException(
					named + "=" + index + " is outside 0 to " + (count - 1) + " for shards=" + shards);
		}
		return new Shard(i, count);
	}

	private static int number(String name, String value) throws InvalidJobParametersException {
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new InvalidJobParametersException(name + "=" + value + " is not a whole number");
		}
	}

	/** Whether the image with this digest ({@code algorithm:hex}) belongs to this shard. */
	public boolean takes(String digest) {
		if (this.shards == 1) {
			return true;
		}
		String hex = digest.substring(digest.indexOf(':') + 1);
		long hash = Long.parseUnsignedLong(hex.substring(0, Math.min(16, hex.length())), 16);
		return Long.remainderUnsigned(hash, this.shards) == this.index;
	}

	/**
	 * The parameters with {@code shard=} taken from {@code JOB_COMPLETION_INDEX} where they name
	 * {@code shards=} but no {@code shard=}.
	 */
	static Map<String, String> withCompletionIndex(Map<String, String> parameters, Map<String, String> environment) {
		String index = environment.get(COMPLETION_INDEX);
		if (index == null || !parameters.containsKey("shards") || parameters.containsKey("shard")) {
			return parameters;
		}
		Map<String, String> withIndex = new HashMap<>(parameters);
		withIndex.put("shard", index);
		return withIndex;
	}

	/** The shard that parameters already validated by their job name; {@link #ALL} for any others. */
	static Shard named(JobParameters parameters) {
		try {
			return of(parameters, Map.of());
		}
		catch (InvalidJobParametersException ex) {
			return ALL;
		}
	}

	boolean isWhole() {
		return this.shards == 1;
	}

	/** What the job's lock name gets, so that shards lock apart; nothing for the whole job. */
	String lockSuffix() {
		return isWhole() ? "" : ":shard-" + this.index + "-of-" + this.shards;
	}

	/** For messages: nothing for the whole job. */
	String describe() {
		return isWhole() ? "" : " (" + this + ")";
	}

	@Override
	public String toString() {
		return "shard " + this.index + " of " + this.shards;
	}

}
