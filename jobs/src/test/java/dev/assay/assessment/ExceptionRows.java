package dev.assay.assessment;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.assay.assessment.ScanRows.Finding;
import dev.assay.assessment.ScanRows.Image;
import dev.assay.testing.Sql;

/**
 * Writes vuln_exception rows as the exceptions commands do (built elsewhere), and keeps them, so
 * that a test can tell which findings they cover by the rules of DESIGN.md.
 */
final class ExceptionRows {

	private final Sql sql;

	private final List<VulnException> exceptions = new ArrayList<>();

	ExceptionRows(Sql sql) {
		this.sql = sql;
	}

	/** Today in UTC, the day on which expiry is judged. */
	static LocalDate today() {
		return LocalDate.now(ZoneOffset.UTC);
	}

	VulnException any(String cve, LocalDate expires) {
		return insert(new VulnException(0, cve, "any", "", "", List.of(), expires));
	}

	VulnException repo(String cve, String registry, String repository, LocalDate expires) {
		return insert(new VulnException(0, cve, "repo", registry, repository, List.of(), expires));
	}

	VulnException image(String cve, String registry, String repository, List<String> tags, LocalDate expires) {
		return insert(new VulnException(0, cve, "image", registry, repository, tags, expires));
	}

	/** Whether an exception in force today covers the finding of the image. */
	Predicate<Finding> covering(Image image) {
		return finding -> this.exceptions.stream().anyMatch(exception -> exception.covers(image, finding));
	}

	private VulnException insert(VulnException exception) {
		try (Connection connection = this.sql.connect();
				PreparedStatement insert = connection.prepareStatement("""
						INSERT INTO vuln_exception (cve, scope, registry, repository, justification, expires, owner, created_at)
						VALUES (?, ?, ?, ?, 'accepted by the platform team', ?, 'secops', NOW(3))""",
						Statement.RETURN_GENERATED_KEYS)) {
			insert.setString(1, exception.cve());
			insert.setString(2, exception.scope());
			insert.setString(3, exception.registry());
			insert.setString(4, exception.repository());
			insert.setDate(5, (exception.expires() != null) ? Date.valueOf(exception.expires()) : null);
			insert.executeUpdate();
			long id;
			try (ResultSet keys = insert.getGeneratedKeys()) {
				keys.next();
				id = keys.getLong(1);
			}
			for (String tag : exception.tags()) {
				this.sql.execute("INSERT INTO vuln_exception_tag (exception_id, tag) VALUES (" + id + ", '" + tag + "')");
			}
			VulnException inserted = new VulnException(id, exception.cve(), exception.scope(), exception.registry(),
					exception.repository(), exception.tags(), exception.expires());
			this.exceptions.add(inserted);
			return inserted;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	record VulnException(long id, String cve, String scope, String registry, String repository, List<String> tags,
			LocalDate expires) {

		boolean covers(Image image, Finding finding) {
			boolean inForce = this.expires == null || !this.expires.isBefore(today());
			boolean sameVulnerability = this.cve.equals(finding.cve()) || this.cve.equals(finding.vulnId());
			boolean sameRepository = this.registry.equals(image.registry()) && this.repository.equals(image.repository());
			boolean inScope = switch (this.scope) {
				case "any" -> true;
				case "repo" -> sameRepository;
				default -> sameRepository && image.hasTag(this.tags.toArray(String[]::new));
			};
			return inForce && sameVulnerability && inScope;
		}

	}

}
