-- Grain state (AdoNetGrainStorage).
--
-- One row per (service, state name, grain id). version is the ETag and only ever grows for a row:
-- a delete keeps the row as a tombstone (isdeleted, payload dropped), so a stale ETag can never
-- match a later incarnation of the same grain state.
--
-- Conflicts, reported as "no row returned":
--   * write or clear with an ETag that is not the current version (stale writer),
--   * write with no ETag over a live row (a second activation that never saw the row),
--   * write with an ETag when the row does not exist at all.
-- Concurrent writers are serialized by the row lock of ON CONFLICT DO UPDATE / UPDATE, which
-- re-checks the version against the latest committed row.
CREATE TABLE IF NOT EXISTS orleansstorage
(
    serviceid text NOT NULL,
    graintypestring text NOT NULL,
    grainidn0 bigint NOT NULL,
    grainidn1 bigint NOT NULL,
    -- NULL in Orleans (integer and GUID keys without extension) is stored as '' so that it can be
    -- part of the primary key.
    grainidextensionstring text NOT NULL,
    payloadbinary bytea NULL,
    version integer NOT NULL,
    isdeleted boolean NOT NULL DEFAULT false,
    modifiedon timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring)
);

INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadFromStorageKey', $sql$
SELECT payloadbinary, version
FROM orleansstorage
WHERE serviceid = @ServiceId
    AND graintypestring = @GrainTypeString
    AND grainidn0 = @GrainIdN0
    AND grainidn1 = @GrainIdN1
    AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '')
    AND NOT isdeleted;
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- The SELECT produces a candidate row only when it can be legitimate: no ETag (first write, or a
-- write after a delete) or an existing row to compare the ETag with. The upsert then updates only
-- when the ETag matches, or when there is no ETag and the row is a tombstone.
INSERT INTO orleansquery (querykey, querytext) VALUES ('WriteToStorageKey', $sql$
INSERT INTO orleansstorage AS s
    (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring, payloadbinary, version, isdeleted, modifiedon)
SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''), @PayloadBinary,
    1, false, now()
WHERE @GrainStateVersion IS NULL
    OR EXISTS (
        SELECT 1 FROM orleansstorage
        WHERE serviceid = @ServiceId
            AND graintypestring = @GrainTypeString
            AND grainidn0 = @GrainIdN0
            AND grainidn1 = @GrainIdN1
            AND grainidextensionstring = COALESCE(@GrainIdExtensionString, ''))
ON CONFLICT (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring) DO UPDATE SET
    payloadbinary = excluded.payloadbinary,
    version = s.version + 1,
    isdeleted = false,
    modifiedon = excluded.modifiedon
WHERE (@GrainStateVersion IS NULL AND s.isdeleted)
    OR (@GrainStateVersion IS NOT NULL AND NOT s.isdeleted AND s.version = @GrainStateVersion)
RETURNING s.version AS newgrainstateversion;
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- Clear keeps the row (payload NULL) and bumps the version.
INSERT INTO orleansquery (querykey, querytext) VALUES ('ClearStorageKey', $sql$
UPDATE orleansstorage SET
    payloadbinary = NULL,
    version = version + 1,
    modifiedon = now()
WHERE serviceid = @ServiceId
    AND graintypestring = @GrainTypeString
    AND grainidn0 = @GrainIdN0
    AND grainidn1 = @GrainIdN1
    AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '')
    AND NOT isdeleted
    AND version = @GrainStateVersion
RETURNING version;
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- Delete (DeleteStateOnClear = true) turns the row into a tombstone that keeps counting versions.
INSERT INTO orleansquery (querykey, querytext) VALUES ('DeleteStorageKey', $sql$
UPDATE orleansstorage SET
    payloadbinary = NULL,
    version = version + 1,
    isdeleted = true,
    modifiedon = now()
WHERE serviceid = @ServiceId
    AND graintypestring = @GrainTypeString
    AND grainidn0 = @GrainIdN0
    AND grainidn1 = @GrainIdN1
    AND grainidextensionstring = COALESCE(@GrainIdExtensionString, '')
    AND NOT isdeleted
    AND version = @GrainStateVersion
RETURNING version;
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
