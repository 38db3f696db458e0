-- Cutover, before the first rename, on the NEW database: how many rows phase 3 copied from each
-- legacy table (migration_audit.load_counts.source_rows = the legacy count(*) at the transfer).
-- The live legacy database must still hold exactly these, or rows written since would be left
-- behind by the renames.
SELECT source_table AS table_name, source_rows AS count FROM migration_audit.load_counts ORDER BY position;
