-- The table the Orleans ADO.NET providers read their SQL from at start. Runs before every other
-- script. Orleans runs each query text as one command without a transaction, and reads every row
-- of every result set, so a query text must not contain extra statements that return rows.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);
