-- Legacy tables of the manifest ($1: their names) present in schema public, with the
-- planner's row estimate (-1 before the first ANALYZE). Shown by `edu-migrate init`.
SELECT c.relname AS name,
       CASE WHEN c.reltuples < 0 THEN -1 ELSE c.reltuples::bigint END AS estimated_rows
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public'
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND c.relname = ANY ($1::text[])
ORDER BY c.relname
