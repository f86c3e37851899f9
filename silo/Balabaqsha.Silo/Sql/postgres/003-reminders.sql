-- Reminders (AdoNetReminderTable). grainhash is the grain's uniform hash as a signed int32, the
-- form in which Orleans passes the ring ranges.
CREATE TABLE IF NOT EXISTS orleansreminderstable
(
    serviceid text NOT NULL,
    grainid text NOT NULL,
    remindername text NOT NULL,
    starttime timestamptz NOT NULL,
    period bigint NOT NULL,
    grainhash integer NOT NULL,
    version integer NOT NULL,
    PRIMARY KEY (serviceid, grainid, remindername)
);

CREATE INDEX IF NOT EXISTS ix_orleansreminderstable_serviceid_grainhash
    ON orleansreminderstable (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadReminderRowsKey', $sql$
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainid = @GrainId;
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadReminderRowKey', $sql$
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName;
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- Used when BeginHash < EndHash (signed): the range does not wrap around the ring.
INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadRangeRows1Key', $sql$
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainhash > @BeginHash AND grainhash <= @EndHash;
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- Used otherwise: the range wraps (BeginHash = EndHash is the whole ring).
INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadRangeRows2Key', $sql$
SELECT grainid, remindername, starttime, period, version
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND (grainhash > @BeginHash OR grainhash <= @EndHash);
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('UpsertReminderRowKey', $sql$
INSERT INTO orleansreminderstable AS r (serviceid, grainid, remindername, starttime, period, grainhash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (serviceid, grainid, remindername) DO UPDATE SET
    starttime = excluded.starttime,
    period = excluded.period,
    grainhash = excluded.grainhash,
    version = r.version + 1
RETURNING r.version AS version;
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- Orleans expects exactly one row with one boolean column.
INSERT INTO orleansquery (querykey, querytext) VALUES ('DeleteReminderRowKey', $sql$
WITH deleted AS (
    DELETE FROM orleansreminderstable
    WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName AND version = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM deleted);
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('DeleteReminderRowsKey', $sql$
DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId;
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
