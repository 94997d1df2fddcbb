-- Assessment (package dev.assay.assessment): exceptions, each image's result, and the history of
-- result changes. Reads the scans tables (image, image_tag, finding) and the feed views
-- (epss_current, kev_known_exploited); writes only its own tables.

-- One vulnerability excluded from results. scope: 'any' (every image), 'repo' (every tag of one
-- registry + repository), 'image' (the listed tags of one registry + repository).
CREATE TABLE vuln_exception (
    id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    cve           VARCHAR(96)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL
        COMMENT 'a CVE id, or another vulnerability id (GHSA-...) as scanners report it',
    scope         VARCHAR(8)    NOT NULL,
    registry      VARCHAR(255)  NOT NULL DEFAULT '',
    repository    VARCHAR(255)  NOT NULL DEFAULT '',
    justification VARCHAR(4000) NOT NULL,
    expires       DATE          NULL COMMENT 'stops applying after this day (UTC)',
    owner         VARCHAR(255)  NULL,
    created_at    DATETIME(3)   NOT NULL,
    KEY ix_exception_cve (cve),
    CONSTRAINT ck_exception_scope CHECK (scope IN ('any', 'repo', 'image'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The tags of an 'image' exception, one row each, so SQL can join them with image_tag.
CREATE TABLE vuln_exception_tag (
    exception_id BIGINT       NOT NULL,
    tag          VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    PRIMARY KEY (exception_id, tag),
    CONSTRAINT fk_exception_tag FOREIGN KEY (exception_id) REFERENCES vuln_exception (id) ON DELETE CASCADE
) ENGINE = InnoDB;

-- The result of each image, with what it was computed from. image_changed_at is the image's changed_at
-- at that time: an image whose changed_at differs (a new scan, whenever its transaction committed) is
-- assessed again; a per-image value, not a watermark, so a scan committed late is never missed.
CREATE TABLE image_assessment (
    image_id         BIGINT        NOT NULL PRIMARY KEY,
    result           VARCHAR(8)    NOT NULL COMMENT 'PASS, WARN, FAIL or UNKNOWN',
    unknown_reason   VARCHAR(1024) NULL,
    max_cvss         DECIMAL(3, 1) NULL COMMENT 'over current findings no active exception covers; NULL = none',
    critical         INT           NOT NULL,
    high             INT           NOT NULL,
    medium           INT           NOT NULL,
    low              INT           NOT NULL,
    none             INT           NOT NULL COMMENT 'score 0 or no v3 score',
    kev_count        INT           NOT NULL COMMENT 'distinct CVEs in the KEV catalog',
    max_epss         DOUBLE        NULL COMMENT 'NULL = no EPSS score for any finding, not 0',
    warn_threshold   DECIMAL(3, 1) NOT NULL,
    fail_threshold   DECIMAL(3, 1) NOT NULL,
    image_changed_at DATETIME(3)   NOT NULL COMMENT 'image.changed_at when this result was computed',
    assessed_at      DATETIME(3)   NOT NULL,
    KEY ix_assessment_result (result)
) ENGINE = InnoDB;

CREATE TABLE result_change (
    id         BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    image_id   BIGINT      NOT NULL,
    old_result VARCHAR(8)  NULL COMMENT 'NULL for the first assessment of an image',
    new_result VARCHAR(8)  NOT NULL,
    changed_at DATETIME(3) NOT NULL,
    reason     VARCHAR(64) NOT NULL
        COMMENT 'what changed, comma-separated: NEW_SCAN, THRESHOLDS, EXCEPTIONS, FEEDS; NEW_SCAN alone for a first result',
    KEY ix_result_change_image (image_id, changed_at)
) ENGINE = InnoDB;

-- What the last assessment was computed from, so a run knows whether anything changed. One row, made
-- here, so that every assessment can lock it (SELECT ... FOR UPDATE) and two never interleave; its
-- values stay NULL until the first assessment.
CREATE TABLE assessment_state (
    id              TINYINT       NOT NULL PRIMARY KEY,
    warn_threshold  DECIMAL(3, 1) NULL,
    fail_threshold  DECIMAL(3, 1) NULL,
    exceptions_hash CHAR(64)      NULL COMMENT 'over the exceptions in force (expiry included)',
    epss_snapshot   BIGINT        NULL COMMENT 'NULL: no EPSS snapshot was loaded',
    kev_catalog     BIGINT        NULL COMMENT 'NULL: no KEV catalog was loaded',
    assessed_at     DATETIME(3)   NULL COMMENT 'NULL until the first assessment',
    CONSTRAINT ck_assessment_state_one_row CHECK (id = 1)
) ENGINE = InnoDB;

INSERT INTO assessment_state (id) VALUES (1);

-- Exceptions may name the id a scanner reported (GHSA-...), not only a CVE: the assessment joins both.
CREATE INDEX ix_finding_vuln ON finding (vuln_id);
