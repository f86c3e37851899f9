-- The queues (SqliteQueueDatabase): one row per waiting entry, and each queue's append-only change
-- log. A change writes one log row and inserts, updates or deletes one entry row, never the whole
-- queue. Instants are NodaTime Unix ticks (100 ns); kind and reason are the values of
-- QueueChangeKind and QueueChangeReason, which therefore must never be renumbered.
--
-- WITHOUT ROWID: both tables are small rows looked up by their primary key, so the table is the
-- primary-key b-tree itself instead of a rowid table plus a separate index on the key.
CREATE TABLE IF NOT EXISTS balabaqsha_queue_entry
(
    queue_key TEXT NOT NULL,
    number TEXT NOT NULL,
    rank INTEGER NOT NULL,
    submitted_at INTEGER NOT NULL,
    birth_year INTEGER NOT NULL,
    category_id TEXT NULL,
    language TEXT NULL,
    PRIMARY KEY (queue_key, number)
) WITHOUT ROWID;

-- Before and after share the number, submission time and birth year (a change never alters them);
-- a null before_rank means the change has no "before" entry (it entered), a null after_rank no
-- "after" entry (it left).
CREATE TABLE IF NOT EXISTS balabaqsha_queue_change
(
    queue_key TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    reason INTEGER NOT NULL,
    number TEXT NOT NULL,
    submitted_at INTEGER NOT NULL,
    birth_year INTEGER NOT NULL,
    before_rank INTEGER NULL,
    before_category TEXT NULL,
    after_rank INTEGER NULL,
    after_category TEXT NULL,
    place_before INTEGER NOT NULL,
    place_after INTEGER NOT NULL,
    birth_year_place_before INTEGER NOT NULL,
    birth_year_place_after INTEGER NOT NULL,
    PRIMARY KEY (queue_key, seq)
) WITHOUT ROWID;

-- For CountSinceAsync ("entered and left since"). The log only grows, so without it every count
-- would read a queue's whole history; with it a count reads only the rows since the instant, at
-- the cost of one small index entry (~40 bytes) per change. kind makes it a covering index.
CREATE INDEX IF NOT EXISTS balabaqsha_queue_change_at
    ON balabaqsha_queue_change (queue_key, at, kind);
