-- ASP.NET Core Data Protection key ring shared by the web servers (PostgresXmlRepository).
CREATE TABLE IF NOT EXISTS dataprotectionkeys
(
    friendlyname text NOT NULL PRIMARY KEY,
    xml text NOT NULL,
    created timestamptz NULL
);
