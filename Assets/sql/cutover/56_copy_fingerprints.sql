-- On the NEW database: the fingerprints of the legacy tables phase 3 copied (taken in the copy's
-- snapshot by the transfer step), or no rows when this plan has no transfer yet.
SELECT source_table, row_count, content_hash, to_char(taken_at, 'YYYY-MM-DD HH24:MI:SS') AS taken_at
FROM migration_audit.source_fingerprints
ORDER BY source_table;
