-- Cluster membership (AdoNetClusteringTable, AdoNetGatewayListProvider).
--
-- The version row per deployment is the table's ETag: every change of membership must name the
-- version it read, and bumps it. Per-row ETags are unused by Orleans. The UPDATE of the version
-- row takes its row lock and re-checks the version, so two silos racing on the same version
-- cannot both win.
CREATE TABLE IF NOT EXISTS orleansmembershipversiontable
(
    deploymentid text NOT NULL PRIMARY KEY,
    timestamp timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS orleansmembershiptable
(
    deploymentid text NOT NULL REFERENCES orleansmembershipversiontable (deploymentid),
    address text NOT NULL,
    port integer NOT NULL,
    generation integer NOT NULL,
    siloname text NOT NULL,
    hostname text NOT NULL,
    status integer NOT NULL,
    proxyport integer NULL,
    suspecttimes text NULL,
    starttime timestamptz NOT NULL,
    iamalivetime timestamptz NOT NULL,
    PRIMARY KEY (deploymentid, address, port, generation)
);

INSERT INTO orleansquery (querykey, querytext) VALUES ('InsertMembershipVersionKey', $sql$
WITH inserted AS (
    INSERT INTO orleansmembershipversiontable (deploymentid) VALUES (@DeploymentId)
    ON CONFLICT (deploymentid) DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM inserted);
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('InsertMembershipKey', $sql$
WITH bumped AS (
    UPDATE orleansmembershipversiontable SET
        version = version + 1,
        timestamp = now()
    WHERE deploymentid = @DeploymentId
        AND version = @Version
        AND NOT EXISTS (
            SELECT 1 FROM orleansmembershiptable
            WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING deploymentid
), inserted AS (
    INSERT INTO orleansmembershiptable
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
    SELECT bumped.deploymentid, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM bumped
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM inserted);
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('UpdateMembershipKey', $sql$
WITH bumped AS (
    UPDATE orleansmembershipversiontable SET
        version = version + 1,
        timestamp = now()
    WHERE deploymentid = @DeploymentId AND version = @Version
    RETURNING deploymentid
), updated AS (
    UPDATE orleansmembershiptable AS m SET
        status = @Status,
        suspecttimes = @SuspectTimes,
        iamalivetime = @IAmAliveTime
    FROM bumped
    WHERE m.deploymentid = bumped.deploymentid AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM updated);
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- Heartbeat: no version bump, other silos need not re-read the table for it.
INSERT INTO orleansquery (querykey, querytext) VALUES ('UpdateIAmAlivetimeKey', $sql$
UPDATE orleansmembershiptable SET iamalivetime = @IAmAliveTime
WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- At least one row (the version); a NULL starttime means "no member".
INSERT INTO orleansquery (querykey, querytext) VALUES ('MembershipReadAllKey', $sql$
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
    m.suspecttimes, m.starttime, m.iamalivetime, v.version
FROM orleansmembershipversiontable AS v
LEFT JOIN orleansmembershiptable AS m ON m.deploymentid = v.deploymentid
WHERE v.deploymentid = @DeploymentId;
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('MembershipReadRowKey', $sql$
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
    m.suspecttimes, m.starttime, m.iamalivetime, v.version
FROM orleansmembershipversiontable AS v
LEFT JOIN orleansmembershiptable AS m
    ON m.deploymentid = v.deploymentid AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deploymentid = @DeploymentId;
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('GatewaysQueryKey', $sql$
SELECT address, proxyport, generation
FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0;
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- One statement so that the foreign key is checked after both deletes.
INSERT INTO orleansquery (querykey, querytext) VALUES ('DeleteMembershipTableEntriesKey', $sql$
WITH members AS (
    DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId
)
DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId;
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- Status 6 = Dead.
INSERT INTO orleansquery (querykey, querytext) VALUES ('CleanupDefunctSiloEntriesKey', $sql$
DELETE FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId AND iamalivetime < @IAmAliveTime AND status = 6;
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- Optional: when present Orleans removes defunct silos one by one, and only if the row still holds
-- what it read (a silo that was revived or re-suspected in the meantime stays).
INSERT INTO orleansquery (querykey, querytext) VALUES ('CleanupDefunctSiloEntryKey', $sql$
DELETE FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId
    AND address = @Address AND port = @Port AND generation = @Generation
    AND status = 6
    AND starttime = @StartTime
    AND iamalivetime = @IAmAliveTime
    AND suspecttimes IS NOT DISTINCT FROM @SuspectTimes;
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
