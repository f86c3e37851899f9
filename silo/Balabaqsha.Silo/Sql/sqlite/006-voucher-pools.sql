-- The voucher pools (SqliteVoucherPoolDatabase): one row per pool and one row per voucher it has not
-- annulled. A change writes the pool row and the rows of the vouchers it touched, in one transaction,
-- never the whole pool. The first version kept each pool as one grain-state record ("voucher-pool");
-- the pool grain moves such a record into these tables on its first activation.
--
-- version: optimistic concurrency; a write names the version it read and fails when another writer
-- (a second activation) moved it. publications: a small JSON array, one element per group that
-- publishes places ({"kindergarten", "group", "places", "at"}, at in NodaTime Unix ticks); it is
-- written only when it changes.
CREATE TABLE IF NOT EXISTS balabaqsha_pool
(
    pool_key TEXT NOT NULL PRIMARY KEY,
    version INTEGER NOT NULL,
    offered INTEGER NOT NULL,
    accepted INTEGER NOT NULL,
    annulled INTEGER NOT NULL,
    publications TEXT NOT NULL
) WITHOUT ROWID;

-- state is PoolVoucherState (0 outstanding, 1 held, 2 enrolled), never renumbered: an outstanding
-- voucher is bound to no group, a held or enrolled one names the kindergarten group of its place.
-- number is the application that holds the voucher.
CREATE TABLE IF NOT EXISTS balabaqsha_pool_voucher
(
    pool_key TEXT NOT NULL,
    voucher_id TEXT NOT NULL,
    state INTEGER NOT NULL,
    number TEXT NOT NULL,
    kindergarten_id TEXT NULL,
    group_id TEXT NULL,
    PRIMARY KEY (pool_key, voucher_id),
    CHECK ((state = 0 AND kindergarten_id IS NULL AND group_id IS NULL)
        OR (state IN (1, 2) AND kindergarten_id IS NOT NULL AND group_id IS NOT NULL))
) WITHOUT ROWID;
