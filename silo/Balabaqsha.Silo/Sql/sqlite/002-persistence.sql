-- Grain state (AdoNetGrainStorage).
--
-- One row per (service, state name, grain id). Version is the ETag and only ever grows for a row:
-- a delete keeps the row as a tombstone (IsDeleted = 1, payload dropped), so a stale ETag can
-- never match a later incarnation of the same grain state.
--
-- Conflicts, reported as "no row returned":
--   * write or clear with an ETag that is not the current version (stale writer),
--   * write with no ETag over a live row (a second activation that never saw the row),
--   * write with an ETag when the row does not exist at all.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    ServiceId TEXT NOT NULL,
    GrainTypeString TEXT NOT NULL,
    GrainIdN0 INTEGER NOT NULL,
    GrainIdN1 INTEGER NOT NULL,
    -- NULL in Orleans (integer and GUID keys without extension) is stored as '' so that it can be
    -- part of the primary key.
    GrainIdExtensionString TEXT NOT NULL,
    PayloadBinary BLOB NULL,
    Version INTEGER NOT NULL,
    IsDeleted INTEGER NOT NULL DEFAULT 0,
    ModifiedOn TEXT NOT NULL,
    PRIMARY KEY (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT PayloadBinary, Version
FROM OrleansStorage
WHERE ServiceId = @ServiceId
    AND GrainTypeString = @GrainTypeString
    AND GrainIdN0 = @GrainIdN0
    AND GrainIdN1 = @GrainIdN1
    AND GrainIdExtensionString = COALESCE(@GrainIdExtensionString, '''')
    AND IsDeleted = 0;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- The SELECT produces a candidate row only when it can be legitimate: no ETag (first write, or a
-- write after a delete) or an existing row to compare the ETag with. The upsert then updates only
-- when the ETag matches, or when there is no ETag and the row is a tombstone.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
INSERT INTO OrleansStorage
    (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString, PayloadBinary, Version, IsDeleted, ModifiedOn)
SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''''), @PayloadBinary,
    1, 0, strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE @GrainStateVersion IS NULL
    OR EXISTS (
        SELECT 1 FROM OrleansStorage
        WHERE ServiceId = @ServiceId
            AND GrainTypeString = @GrainTypeString
            AND GrainIdN0 = @GrainIdN0
            AND GrainIdN1 = @GrainIdN1
            AND GrainIdExtensionString = COALESCE(@GrainIdExtensionString, ''''))
ON CONFLICT (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString) DO UPDATE SET
    PayloadBinary = excluded.PayloadBinary,
    Version = OrleansStorage.Version + 1,
    IsDeleted = 0,
    ModifiedOn = excluded.ModifiedOn
WHERE (@GrainStateVersion IS NULL AND OrleansStorage.IsDeleted = 1)
    OR (@GrainStateVersion IS NOT NULL AND OrleansStorage.IsDeleted = 0 AND OrleansStorage.Version = @GrainStateVersion)
RETURNING Version AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Clear keeps the row (payload NULL) and bumps the version.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE OrleansStorage SET
    PayloadBinary = NULL,
    Version = Version + 1,
    ModifiedOn = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE ServiceId = @ServiceId
    AND GrainTypeString = @GrainTypeString
    AND GrainIdN0 = @GrainIdN0
    AND GrainIdN1 = @GrainIdN1
    AND GrainIdExtensionString = COALESCE(@GrainIdExtensionString, '''')
    AND IsDeleted = 0
    AND Version = @GrainStateVersion
RETURNING Version;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Delete (DeleteStateOnClear = true) turns the row into a tombstone that keeps counting versions.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', '
UPDATE OrleansStorage SET
    PayloadBinary = NULL,
    Version = Version + 1,
    IsDeleted = 1,
    ModifiedOn = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE ServiceId = @ServiceId
    AND GrainTypeString = @GrainTypeString
    AND GrainIdN0 = @GrainIdN0
    AND GrainIdN1 = @GrainIdN1
    AND GrainIdExtensionString = COALESCE(@GrainIdExtensionString, '''')
    AND IsDeleted = 0
    AND Version = @GrainStateVersion
RETURNING Version;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
