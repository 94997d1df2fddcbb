-- EPSS scores (FIRST), one row per CVE of the current snapshot.
--
-- A load never updates epss_score in place: it fills epss_score_next (CREATE TABLE ... LIKE) and swaps
-- the two with one atomic RENAME TABLE, so readers see the old snapshot or the new one, never a mix.
-- Every row carries the id of the snapshot it belongs to; that id, not a flag, says which snapshot is current.
CREATE TABLE epss_snapshot (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    model_version VARCHAR(64)  NOT NULL,
    score_date    DATE         NOT NULL,
    scored_at     DATETIME     NOT NULL COMMENT 'UTC timestamp of the comment line',
    row_count     INT          NOT NULL,
    changed_rows  INT          NULL COMMENT 'CVEs whose score or percentile moved since the previous snapshot',
    new_rows      INT          NULL COMMENT 'CVEs not in the previous snapshot',
    dropped_rows  INT          NULL COMMENT 'CVEs of the previous snapshot missing from this one',
    bad_rows      INT          NOT NULL,
    sha256        CHAR(64)     NOT NULL,
    url           VARCHAR(2048) NOT NULL,
    etag          VARCHAR(512) NULL,
    last_modified VARCHAR(128) NULL,
    fetched_at    DATETIME(3)  NOT NULL,
    loaded_at     DATETIME(3)  NULL COMMENT 'NULL while loading, and for a load that never finished'
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE epss_score (
    cve                 VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    epss                DOUBLE      NOT NULL,
    percentile          DOUBLE      NOT NULL,
    snapshot_id         BIGINT      NOT NULL,
    previous_epss       DOUBLE      NULL COMMENT 'the score before the last change',
    previous_percentile DOUBLE      NULL,
    changed_on          DATE        NULL COMMENT 'score date of the snapshot that last changed the score'
) ENGINE = InnoDB;

-- The published read model: what other packages (assessment, export) join by CVE.
CREATE SQL SECURITY INVOKER VIEW epss_current AS
SELECT cve, epss, percentile, previous_epss, previous_percentile, changed_on
FROM epss_score;
