-- The new database's own tables (schema public), largest first: what the cutover fingerprints so
-- that a rollback can name every table the application changed after it.
SELECT c.relname::text AS table_name
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
ORDER BY c.relpages DESC, c.relname;
