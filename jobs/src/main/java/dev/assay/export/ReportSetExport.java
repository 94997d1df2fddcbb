package dev.assay.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.assay.AssayHome;
import dev.assay.assessment.Assessment;
import dev.assay.export.ReportFile.ManifestEntry;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes one report set: assesses first where anything changed, then writes the chosen files from
 * one consistent snapshot of the database (one read-only REPEATABLE READ transaction) into a hidden
 * folder, adds the manifest, renames the folder into place, moves {@code latest}, and prunes old
 * sets. A failure deletes the partial folder; a killed run's is deleted by the next run.
 * Runs one at a time (the job lock); not for use outside the {@code export} job.
 */
@Component
class ReportSetExport {

	/** Rows the driver fetches at a time: the result set streams instead of being held whole. */
	private static final int FETCH_SIZE = 4096;

	/** Enough for the CVE list of any image (GROUP_CONCAT's default stops at 1 MB). */
	private static final long GROUP_CONCAT_LIMIT = 256L << 20;

	private final Assessment assessment;

	private final ExportProperties properties;

	private final AssayHome home;

	private final NamedParameterJdbcTemplate db;

	private final TransactionTemplate snapshot;

	private final Manifest manifest;

	ReportSetExport(Assessment assessment, Manifest manifest, ExportProperties properties, AssayHome home,
			DataSource dataSource, PlatformTransactionManager transactionManager) {
		this.assessment = assessment;
		this.manifest = manifest;
		this.properties = properties;
		this.home = home;
		JdbcTemplate streaming = new JdbcTemplate(dataSource);
		streaming.setFetchSize(FETCH_SIZE);
		this.db = new NamedParameterJdbcTemplate(streaming);
		this.snapshot = new TransactionTemplate(transactionManager);
		this.snapshot.setReadOnly(true);
		this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
	}

	/**
	 * Writes a report set with the given filters and returns what it wrote.
	 * @throws ExportException when the report folder cannot be written; nothing of the set is left
	 */
	Written export(ExportFilters filters) {
		this.assessment.assessIfStale();
		Path folder = this.properties.folder(this.home);
		try {
			return export(filters, new ReportSets(folder));
		}
		catch (IOException | UncheckedIOException ex) {
			throw new ExportException("Cannot write a report set in " + folder + ": " + ex
					+ "; check that assay.export.dir names a writable folder with free space", ex);
		}
	}

	private Written export(ExportFilters filters, ReportSets sets) throws IOException {
		Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		sets.prepare();
		String name = sets.newName(start);
		ReportSets.Previous previous = sets.previous();
		Path partial = sets.startSet(name);
		List<ManifestEntry> files;
		try {
			files = this.snapshot.execute(status -> writeFiles(filters, name, previous, partial));
			this.manifest.write(partial, name, filters, files, start);
			sets.publish(partial, name);
		}
		catch (RuntimeException | IOException | Error ex) {
			sets.abandon(partial);
			throw ex;
		}
		sets.pointLatestAt(name);
		List<String> pruned = new Retention(this.properties).prune(sets, name, Instant.now());
		return new Written(sets.folder().resolve(name), files, pruned);
	}

	private List<ManifestEntry> writeFiles(ExportFilters filters, String name, ReportSets.Previous previous,
			Path folder) {
		Map<String, Object> parameters = new HashMap<>(filters.sqlParameters());
		parameters.put("today", LocalDate.now(ZoneOffset.UTC));
		ReportQueries queries = new ReportQueries(filters);
		List<ManifestEntry> files = new ArrayList<>();
		this.db.getJdbcTemplate().execute("SET SESSION group_concat_max_len = " + GROUP_CONCAT_LIMIT);
		try {
			CsvReports csv = new CsvReports(this.db, parameters);
			if (filters.formats().contains(ExportFile.IMAGES_CSV)) {
				files.add(write(folder, ExportFile.IMAGES_CSV, file -> csv.images(queries.images(), file)));
			}
			if (filters.formats().contains(ExportFile.IMAGE_CVES_CSV)) {
				files.add(write(folder, ExportFile.IMAGE_CVES_CSV, file -> csv.imageCves(queries.imageCves(), file)));
			}
			if (filters.formats().contains(ExportFile.IMAGES_JSON)) {
				files.add(write(folder, ExportFile.IMAGES_JSON,
						file -> ImagesJson.write(this.db, parameters, queries, file)));
			}
			if (filters.formats().contains(ExportFile.SUMMARY_JSON)
					|| filters.formats().contains(ExportFile.SUMMARY_HTML)) {
				Summary summary = new SummaryQueries(this.db, parameters, queries).summary(name, previous.name(),
						previous.state());
				if (filters.formats().contains(ExportFile.SUMMARY_JSON)) {
					files.add(write(folder, ExportFile.SUMMARY_JSON, file -> {
						file.writer().write(Manifest.JSON.writeValueAsString(summary));
						file.rows(summary.images());
					}));
				}
				if (filters.formats().contains(ExportFile.SUMMARY_HTML)) {
					files.add(write(folder, ExportFile.SUMMARY_HTML, file -> {
						file.writer().write(SummaryHtml.render(summary));
						file.rows(summary.images());
					}));
				}
			}
		}
		finally {
			this.db.getJdbcTemplate().execute("SET SESSION group_concat_max_len = DEFAULT");
		}
		return files;
	}

	private ManifestEntry write(Path folder, ExportFile which, FileContent content) {
		ReportFile file = null;
		try {
			file = new ReportFile(folder, which.fileName());
			content.write(file);
			return file.finish();
		}
		catch (IOException ex) {
			if (file != null) {
				file.abandon();
			}
			throw new UncheckedIOException("Cannot write " + folder.resolve(which.fileName()) + ": "
					+ ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			if (file != null) {
				file.abandon();
			}
			throw ex;
		}
	}

	@FunctionalInterface
	private interface FileContent {

		void write(ReportFile file) throws IOException;

	}

	/**
	 * What an export wrote.
	 * @param set the folder of the new report set
	 * @param files its files as the manifest lists them (the manifest itself not among them)
	 * @param pruned the sets retention removed
	 */
	record Written(Path set, List<ManifestEntry> files, List<String> pruned) {
	}

}
