-- Registry rescan (package dev.assay.registry): what the configured registries hold and when each of
-- their images was last scanned by assay. The images, scans and findings themselves are the scans
-- package's (image, scan, finding); these tables only drive the rescan policy and the status.

-- One digest of one repository of one configured registry, as the last discovery saw it.
CREATE TABLE registry_image (
    registry_name  VARCHAR(128)  NOT NULL COMMENT 'assay.registries[i].name',
    repository     VARCHAR(255)  NOT NULL,
    digest         VARCHAR(160)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL
        COMMENT 'the manifest or index digest the registry serves for the tags',
    host           VARCHAR(255)  NOT NULL COMMENT 'host:port of the registry url, the image''s registry in image',
    tags           VARCHAR(4000) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT ''
        COMMENT 'the tags pointing at the digest when last seen, comma-separated',
    first_seen     DATETIME(3)   NOT NULL,
    last_seen      DATETIME(3)   NOT NULL,
    last_scanned   DATETIME(3)   NULL COMMENT 'when assay last scanned it successfully',
    failures       INT           NOT NULL DEFAULT 0 COMMENT 'failed scans since the last successful one',
    last_failed    DATETIME(3)   NULL,
    failure        VARCHAR(1024) NULL COMMENT 'why the last scan failed (redacted)',
    PRIMARY KEY (registry_name, repository, digest),
    KEY ix_registry_image_seen (registry_name, last_seen)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The last discovery of each configured registry, for assay status.
CREATE TABLE registry_run (
    registry_name VARCHAR(128)  NOT NULL PRIMARY KEY,
    url           VARCHAR(1024) NOT NULL COMMENT 'redacted: no user info, no query',
    last_run      DATETIME(3)   NOT NULL,
    repositories  INT           NOT NULL,
    tags          INT           NOT NULL,
    error         VARCHAR(1024) NULL COMMENT 'why the registry could not be read (redacted), NULL when it was'
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
