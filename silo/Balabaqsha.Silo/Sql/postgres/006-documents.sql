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

-- PDF, JPEG and PNG are compressed already: keep them out of line without trying to compress them
-- again. Only when not set yet, so a start does not lock a table that servers are reading.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_attribute
               WHERE attrelid = 'documents'::regclass AND attname = 'content' AND attstorage <> 'e') THEN
        ALTER TABLE documents ALTER COLUMN content SET STORAGE EXTERNAL;
    END IF;
END
$$;
