-- The deadline index (PostgresDeadlineDatabase): the next instant each application with a deadline or a
-- reminder ahead is due, as NodaTime Unix ticks. One row per application, written on each change.
CREATE TABLE IF NOT EXISTS balabaqsha_deadline
(
    due_at bigint NOT NULL,
    number text NOT NULL PRIMARY KEY
);

CREATE INDEX IF NOT EXISTS balabaqsha_deadline_due ON balabaqsha_deadline (due_at);
