-- Images, their scans and their current findings (package dev.assay.scans).
--
-- An image is one digest in one repository of one registry. registry is '' where the source does not
-- say it (never invented); digest is '' where the report gives none, and then the image is keyed by
-- the name the report gives. Findings hold the image's CURRENT findings only: a newer scan replaces
-- them; older scans stay in scan as history.
--
-- Only the scans package writes these tables. image, image_tag and finding are its published read
-- model: assessment and export read them in set-based SQL; no other package writes them.
CREATE TABLE image (
    id              BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    registry        VARCHAR(255)  NOT NULL DEFAULT '',
    repository      VARCHAR(255)  NOT NULL,
    digest          VARCHAR(160)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
    digest_kind     VARCHAR(16)   NULL COMMENT 'REPOSITORY, MANIFEST or CONFIG_ID; NULL without digest',
    os              VARCHAR(128)  NULL,
    first_seen      DATETIME(3)   NOT NULL,
    last_scanned    DATETIME(3)   NULL COMMENT 'when the current scan was taken',
    current_scan_id BIGINT        NULL,
    scan_status     VARCHAR(16)   NOT NULL COMMENT 'SCANNED, FAILED or NOT_SCANNED',
    unknown_reason  VARCHAR(1024) NULL COMMENT 'why there is no complete scan: kept for UNKNOWN results',
    changed_at      DATETIME(3)   NOT NULL COMMENT 'last change of findings or scan status; assessment reads it',
    UNIQUE KEY uk_image_identity (registry, repository, digest),
    KEY ix_image_changed (changed_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE image_tag (
    image_id BIGINT       NOT NULL,
    tag      VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    PRIMARY KEY (image_id, tag),
    CONSTRAINT fk_image_tag_image FOREIGN KEY (image_id) REFERENCES image (id) ON DELETE CASCADE
) ENGINE = InnoDB;

CREATE TABLE scan (
    id              BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    image_id        BIGINT        NOT NULL,
    format          VARCHAR(16)   NOT NULL COMMENT 'GRYPE, TRIVY or CYCLONEDX',
    scanner         VARCHAR(128)  NULL,
    scanner_version VARCHAR(64)   NULL,
    database_built  DATETIME      NULL COMMENT 'vulnerability DB build time, where the report gives it',
    scanned_at      DATETIME(3)   NOT NULL COMMENT 'the report''s own time, else when it was imported',
    imported_at     DATETIME(3)   NOT NULL,
    source          VARCHAR(1024) NOT NULL COMMENT 'file name or image reference it came from',
    source_sha256   CHAR(64)      CHARACTER SET ascii NULL,
    finding_count   INT           NOT NULL,
    not_affected    INT           NOT NULL DEFAULT 0,
    KEY ix_scan_image (image_id),
    CONSTRAINT fk_scan_image FOREIGN KEY (image_id) REFERENCES image (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE finding (
    id              BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    image_id        BIGINT        NOT NULL,
    scan_id         BIGINT        NOT NULL,
    vuln_id         VARCHAR(96)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    cve             VARCHAR(32)   CHARACTER SET ascii COLLATE ascii_bin NULL
        COMMENT 'vuln_id when it is a CVE, else its first CVE alias; joins EPSS, KEV and exceptions',
    aliases         VARCHAR(1024) CHARACTER SET ascii NULL COMMENT 'CVE aliases, comma-separated',
    package_name    VARCHAR(512)  NOT NULL DEFAULT '',
    package_version VARCHAR(255)  NOT NULL DEFAULT '',
    package_type    VARCHAR(64)   NULL,
    purl            VARCHAR(1024) NULL,
    fixed_version   VARCHAR(512)  NULL,
    severity        VARCHAR(32)   NULL COMMENT 'as reported',
    cvss3_score     DECIMAL(3, 1) NULL COMMENT 'the selected v3 base score; NULL = none (N/A)',
    cvss3_vector    VARCHAR(255)  NULL,
    cvss3_source    VARCHAR(128)  NULL,
    cvss2_score     DECIMAL(3, 1) NULL,
    cvss2_vector    VARCHAR(255)  NULL,
    cvss4_score     DECIMAL(3, 1) NULL,
    cvss4_vector    VARCHAR(255)  NULL,
    KEY ix_finding_image (image_id, cvss3_score),
    KEY ix_finding_cve (cve),
    CONSTRAINT fk_finding_image FOREIGN KEY (image_id) REFERENCES image (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Report files seen by scan-import, by content: the same bytes are never imported twice.
CREATE TABLE scan_file (
    sha256      CHAR(64)      CHARACTER SET ascii NOT NULL PRIMARY KEY,
    name        VARCHAR(1024) NOT NULL,
    status      VARCHAR(16)   NOT NULL COMMENT 'IMPORTED or FAILED',
    error       VARCHAR(2048) NULL,
    scan_id     BIGINT        NULL,
    imported_at DATETIME(3)   NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
