package dev.assay.registry;

import java.util.Map;

import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * The part of the images one run scans, so that n runs (the pods of a Kubernetes Indexed Job)
 * split one rescan: image digests are hashed into {@code shards} parts and a run takes part
 * {@code index}. The hash is the digest's first 16 hex digits (8 bytes of the SHA-256) modulo
 * {@code shards}: the same in every process, and even, since digests are uniform.
 *
 * @param index this run's part, {@code 0 <= index < shards}
 * @param shards how many parts; 1 takes everything
 */
record Shard(int index, int shards) {

	static final Shard ALL = new Shard(0, 1);

	/** The environment variable of a Kubernetes Indexed Job's pod. */
	static final String COMPLETION_INDEX = "JOB_COMPLETION_INDEX";

	/**
	 * The shard the parameters {@code shard=} and {@code shards=} name; without {@code shard=},
	 * {@code JOB_COMPLETION_INDEX} gives it.
	 * @throws InvalidJobParametersException naming the parameter that is wrong
	 */
	static Shard of(JobParameters parameters, Map<String, String> environment) throws InvalidJobParametersException {
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
	boolean takes(String digest) {
		if (this.shards == 1) {
			return true;
		}
		String hex = digest.substring(digest.indexOf(':') + 1);
		long hash = Long.parseUnsignedLong(hex.substring(0, Math.min(16, hex.length())), 16);
		return Long.remainderUnsigned(hash, this.shards) == this.index;
	}

	@Override
	public String toString() {
		return "shard " + this.index + " of " + this.shards;
	}

}
