-- The deadline index (SqliteDeadlineDatabase): the next instant each application with a deadline or a
-- reminder ahead is due, as NodaTime Unix ticks. One row per application, written on each change.
CREATE TABLE IF NOT EXISTS balabaqsha_deadline
(
    number TEXT NOT NULL PRIMARY KEY,
    due_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS balabaqsha_deadline_due ON balabaqsha_deadline (due_at);
