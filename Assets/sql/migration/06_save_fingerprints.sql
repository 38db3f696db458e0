-- Transfer, end: the fingerprints of the legacy tables, hashed by the transfer in this process
-- as the rows of its COPY passed (one snapshot for every table; $1 = jsonb array of
-- {source_table, row_count, content_hash, method}). They cover the columns the migration reads
-- (Assets/plan/legacy_tables.yaml), exactly what reaches this database. The window compares the
-- frozen legacy database with these, by the same method: a difference means a write since the
-- copy (final sync).
INSERT INTO migration_audit.source_fingerprints (source_table, row_count, content_hash, method, taken_at)
SELECT f.source_table, f.row_count, f.content_hash, f.method, now()
FROM jsonb_to_recordset($1::jsonb) AS f(source_table text, row_count bigint, content_hash text, method text);
