package dev.assay.export;

import java.time.LocalDate;
import java.time.ZoneOffset;

import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * The statement behind {@code image-cves.csv} of an export without filters, with its parameters
 * written in, so that the benchmark can give the {@code mariadb} command-line client the same join.
 */
public final class ExportSql {

	private ExportSql() {
	}

	public static String imageCves() {
		try {
			return new ReportQueries(ExportFilters.of(new JobParameters())).imageCves()
				.replace("IN (:results)", "IN ('PASS', 'WARN', 'FAIL')")
				.replace(":today", "'" + LocalDate.now(ZoneOffset.UTC) + "'");
		}
		catch (InvalidJobParametersException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
