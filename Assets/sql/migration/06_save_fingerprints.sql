-- Transfer, end: the fingerprints of the legacy tables taken in the same snapshot as the copy
-- ($1 = jsonb array of {source_table, row_count, content_hash}). The window compares the frozen
-- legacy database with these: a difference means a write since the copy (final sync).
INSERT INTO migration_audit.source_fingerprints (source_table, row_count, content_hash, taken_at)
SELECT f.source_table, f.row_count, f.content_hash, now()
FROM jsonb_to_recordset($1::jsonb) AS f(source_table text, row_count bigint, content_hash text);
