-- Assessment (package dev.assay.assessment): what an image's findings give before any exception or
-- feed is applied, kept per image so that a run after the rules or the feeds changed does not count
-- every finding again. It depends on the findings only, which change only with image.changed_at:
-- a summary whose image_changed_at differs is computed again. Bands count distinct vulnerability
-- ids, each in the band of its highest score, as image_assessment does.
CREATE TABLE image_finding_summary (
    image_id         BIGINT        NOT NULL PRIMARY KEY,
    image_changed_at DATETIME(3)   NOT NULL COMMENT 'image.changed_at of the findings counted',
    max_cvss         DECIMAL(3, 1) NULL COMMENT 'over all current findings; NULL = none scored',
    critical         INT           NOT NULL,
    high             INT           NOT NULL,
    medium           INT           NOT NULL,
    low              INT           NOT NULL,
    none             INT           NOT NULL
) ENGINE = InnoDB;

-- The assessment applies exceptions, KEV and EPSS by looking findings up by CVE or id, never by
-- reading every finding, and reads what it needs from these indexes alone: a finding's row is not
-- read, which matters when the table is larger than the buffer pool.
ALTER TABLE finding
    DROP INDEX ix_finding_cve, ADD INDEX ix_finding_cve (cve, image_id, vuln_id),
    DROP INDEX ix_finding_vuln, ADD INDEX ix_finding_vuln (vuln_id, image_id, cvss3_score);
