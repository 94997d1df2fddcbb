-- The CISA Known Exploited Vulnerabilities catalog (package dev.assay.feeds.kev).
-- Other packages read only the view kev_known_exploited, never these tables.

-- One row per catalog loaded by kev-ingest; the newest row is the last good catalog.
CREATE TABLE kev_catalog (
	id BIGINT NOT NULL AUTO_INCREMENT,
	catalog_version VARCHAR(64) NULL COMMENT 'catalogVersion; null for the CSV variant, which carries none',
	date_released DATETIME(6) NULL COMMENT 'dateReleased in UTC; null for the CSV variant',
	entries INT NOT NULL COMMENT 'entries in this catalog',
	added INT NOT NULL COMMENT 'entries new to the previous catalog, or back after a removal',
	removed INT NOT NULL COMMENT 'entries of the previous catalog that this one dropped',
	modified INT NOT NULL COMMENT 'entries whose fields changed',
	sha256 CHAR(64) CHARACTER SET ascii NOT NULL COMMENT 'of the file as downloaded',
	url VARCHAR(2048) NOT NULL COMMENT 'without credentials or query',
	etag VARCHAR(1024) NULL,
	last_modified VARCHAR(64) NULL,
	fetched_at DATETIME(6) NOT NULL COMMENT 'UTC',
	PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Every entry ever seen; an entry that left the catalog keeps its row, marked removed.
CREATE TABLE kev_entry (
	cve VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	vendor_project TEXT NOT NULL,
	product TEXT NOT NULL,
	vulnerability_name TEXT NOT NULL,
	date_added DATE NOT NULL,
	short_description TEXT NOT NULL,
	required_action TEXT NOT NULL,
	due_date DATE NOT NULL,
	known_ransomware_campaign_use VARCHAR(64) NULL COMMENT 'Known or Unknown; null in catalogs older than the field',
	notes TEXT NULL,
	cwes TEXT NULL COMMENT 'comma-separated CWE ids; null in catalogs older than the field',
	content_sha256 CHAR(64) CHARACTER SET ascii NOT NULL COMMENT 'of all the fields above, to find modified entries',
	removed_catalog_id BIGINT NULL COMMENT 'the catalog that dropped the entry; null while it is in the catalog',
	PRIMARY KEY (cve),
	CONSTRAINT kev_entry_removed_catalog FOREIGN KEY (removed_catalog_id) REFERENCES kev_catalog (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The published read model: the CVEs in the current catalog. Assessment SQL joins this by cve.
-- SQL SECURITY INVOKER: the view keeps working where the user who migrated the schema does not exist.
CREATE SQL SECURITY INVOKER VIEW kev_known_exploited (cve, date_added, due_date, known_ransomware_campaign_use) AS
SELECT cve, date_added, due_date, known_ransomware_campaign_use
FROM kev_entry
WHERE removed_catalog_id IS NULL;
