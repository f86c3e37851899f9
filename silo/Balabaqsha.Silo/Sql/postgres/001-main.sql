-- The table the Orleans ADO.NET providers read their SQL from at start. Runs before every other
-- script. Names are unquoted lower case: Orleans queries them unquoted. Each query text runs as
-- one command without a transaction, and every row of every result set is read, so a query text
-- must not contain extra statements that return rows.
CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey varchar(64) NOT NULL PRIMARY KEY,
    querytext text NOT NULL
);
