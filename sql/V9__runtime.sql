-- Running containers, per cluster (package dev.assay.runtime).
--
-- Only the runtime package writes these tables. runtime_cluster, runtime_container and the view
-- image_runtime are its published read model: export and the image view read them; nobody else writes.
-- A cluster that answered has its rows in runtime_container replaced in one transaction; one that
-- failed keeps them and is marked stale with the error.
CREATE TABLE runtime_cluster (
    name               VARCHAR(128)  CHARACTER SET ascii NOT NULL PRIMARY KEY,
    source             VARCHAR(16)   NOT NULL COMMENT 'API or SNAPSHOT',
    last_attempt       DATETIME(3)   NULL,
    last_success       DATETIME(3)   NULL COMMENT 'time of the snapshot in force: the API listing or the file time',
    stale              BOOLEAN       NOT NULL DEFAULT FALSE COMMENT 'the last attempt failed; rows are from last_success',
    error              VARCHAR(2048) NULL COMMENT 'why the last attempt failed; NULL when it succeeded',
    running_containers INT           NOT NULL DEFAULT 0
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE runtime_container (
    cluster        VARCHAR(128)  CHARACTER SET ascii NOT NULL,
    namespace      VARCHAR(63)   CHARACTER SET ascii NOT NULL COMMENT 'Kubernetes names are ASCII DNS labels',
    pod            VARCHAR(253)  CHARACTER SET ascii NOT NULL,
    container      VARCHAR(63)   CHARACTER SET ascii NOT NULL,
    image_ref      VARCHAR(1024) NOT NULL COMMENT 'the container''s .image as the cluster reports it',
    image_id       BIGINT        NOT NULL COMMENT 'image.id; running images never scanned get a NOT_SCANNED image',
    digest_known   BOOLEAN       NOT NULL COMMENT 'FALSE where .imageID was empty or a bare config id',
    PRIMARY KEY (cluster, namespace, pod, container),
    KEY ix_runtime_container_image (image_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Per image: in how many clusters it runs and how many containers run it.
CREATE VIEW image_runtime AS
SELECT image_id, COUNT(DISTINCT cluster) AS clusters, COUNT(*) AS running_instances
FROM runtime_container
GROUP BY image_id;

-- Per cluster and namespace: running containers and the distinct images they run, for the export summaries.
CREATE VIEW runtime_namespace AS
SELECT cluster, namespace, COUNT(*) AS running_containers, COUNT(DISTINCT image_id) AS images
FROM runtime_container
GROUP BY cluster, namespace;

-- runtime-reconcile matches running images to scanned ones by digest first (scans.RunningImageCatalog):
-- a look-up by digest instead of a scan of every image.
CREATE INDEX ix_image_digest ON image (digest);
