-- scan-import (package dev.assay.scans): finding the images that hold a tag, so that a tag given to
-- a newer image of a repository moves there with a look-up by tag instead of a scan of the
-- repository's images, which grow with every build.
CREATE INDEX ix_image_tag_tag ON image_tag (tag);
