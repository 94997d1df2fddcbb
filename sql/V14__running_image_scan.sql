-- Scans of running images never scanned (package dev.assay.registry): registry-rescan scans the
-- runtime view's queue (RunningImages.unscannedDigestReferences) when assay.rescan.running-images is
-- true. A queued image that no configured registry served has no registry_image row; this table keeps
-- its failed scans for the retry back-off. A row is deleted when its image is scanned: the image then
-- has a scan and leaves the queue.
CREATE TABLE running_image_scan (
    registry    VARCHAR(255)  NOT NULL DEFAULT '' COMMENT 'host:port as the reference names it; empty where it names none',
    repository  VARCHAR(255)  NOT NULL,
    digest      VARCHAR(160)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'the repository digest',
    failures    INT           NOT NULL COMMENT 'failed scans in a row',
    last_failed DATETIME(3)   NOT NULL,
    failure     VARCHAR(1024) NOT NULL COMMENT 'why the last scan failed (redacted)',
    PRIMARY KEY (registry, repository, digest)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
