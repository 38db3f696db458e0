-- On the NEW database: the fingerprints of the legacy tables phase 3 copied (hashed by the
-- transfer as the rows passed), or no rows when this plan has no transfer yet. `method` through
-- to_jsonb so that a table written by an older version (no such column) reads as NULL: an
-- unknown method, which the window takes as changed (a final sync), never as equal.
SELECT f.source_table, f.row_count, f.content_hash, to_jsonb(f) ->> 'method' AS method,
       to_char(f.taken_at, 'YYYY-MM-DD HH24:MI:SS') AS taken_at
FROM migration_audit.source_fingerprints AS f
ORDER BY f.source_table;
