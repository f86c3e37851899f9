-- Uploaded documents, content-addressed (PostgresDocumentStore). A row is written once and never
-- changed: the same content always has the same sha256.
CREATE TABLE IF NOT EXISTS documents
(
    sha256 text NOT NULL PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content_type text NOT NULL,
    content bytea NOT NULL,
    size int NOT NULL,
    created timestamptz NOT NULL DEFAULT now()
);

-- PDF, JPEG and PNG are compressed already: keep them out of line without trying to compress again.
ALTER TABLE documents ALTER COLUMN content SET STORAGE EXTERNAL;
