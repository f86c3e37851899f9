-- The queues (PostgresQueueDatabase): one row per waiting entry, and each queue's append-only change
-- log. A change writes one log row and inserts, updates or deletes one entry row, never the whole
-- queue. Instants are NodaTime Unix ticks (100 ns); kind and reason are the values of
-- QueueChangeKind and QueueChangeReason, which therefore must never be renumbered.
-- Fixed-width columns come first, widest first, so that rows carry no alignment padding.
CREATE TABLE IF NOT EXISTS balabaqsha_queue_entry
(
    submitted_at bigint NOT NULL,
    rank int NOT NULL,
    birth_year int NOT NULL,
    queue_key text NOT NULL,
    number text NOT NULL,
    category_id text NULL,
    language text NULL,
    PRIMARY KEY (queue_key, number)
);

-- The language of instruction asked for (a free place must match it); added after the first version.
ALTER TABLE balabaqsha_queue_entry ADD COLUMN IF NOT EXISTS language text NULL;

-- Before and after share the number, submission time and birth year (a change never alters them);
-- a null before_rank means the change has no "before" entry (it entered), a null after_rank no
-- "after" entry (it left).
CREATE TABLE IF NOT EXISTS balabaqsha_queue_change
(
    seq bigint NOT NULL,
    at bigint NOT NULL,
    submitted_at bigint NOT NULL,
    birth_year int NOT NULL,
    place_before int NOT NULL,
    place_after int NOT NULL,
    birth_year_place_before int NOT NULL,
    birth_year_place_after int NOT NULL,
    before_rank int NULL,
    after_rank int NULL,
    kind smallint NOT NULL,
    reason smallint NOT NULL,
    queue_key text NOT NULL,
    number text NOT NULL,
    before_category text NULL,
    after_category text NULL,
    PRIMARY KEY (queue_key, seq)
);

-- For CountSinceAsync ("entered and left since"). The log only grows, so without it every count
-- would read a queue's whole history; with it a count reads only the rows since the instant, at
-- the cost of one small index entry (~50 bytes) per change. INCLUDE (kind) allows index-only scans.
CREATE INDEX IF NOT EXISTS balabaqsha_queue_change_at
    ON balabaqsha_queue_change (queue_key, at) INCLUDE (kind);
