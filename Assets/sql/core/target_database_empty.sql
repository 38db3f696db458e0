-- On the TARGET: how many relations outside the system schemas (0: an empty database, as
-- CREATE DATABASE ... TEMPLATE template0 leaves it).
SELECT count(*) AS relations
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg\_temp\_%' AND n.nspname NOT LIKE 'pg\_toast\_temp\_%';
