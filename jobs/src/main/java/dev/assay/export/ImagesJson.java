package dev.assay.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Writes {@code images.json}, {@code {"images":["registry/repo:tag@sha256:..."]}}: one
 * {@link ImageRef#reference} per exported image, by name, written as the rows stream in.
 */
final class ImagesJson {

	private ImagesJson() {
	}

	static void write(NamedParameterJdbcTemplate db, Map<String, Object> parameters, ReportQueries queries,
			ReportFile file) throws IOException {
		String sql = "SELECT i.registry, i.repository, " + ReportQueries.FIRST_TAG + " AS tag, i.digest "
				+ queries.selectedImages() + " ORDER BY i.registry, i.repository, i.digest";
		file.writer().write("{\"images\":[");
		db.query(sql, parameters, (RowCallbackHandler) rs -> {
			String reference = new ImageRef(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))
				.reference();
			try {
				file.writer()
					.write(((file.rowCount() > 0) ? ",\n" : "\n") + JsonMapper.shared().writeValueAsString(reference));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			file.row();
		});
		file.writer().write("\n]}\n");
	}

}
