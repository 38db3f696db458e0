-- Transfer, after each table's COPY, in the same TARGET transaction: legacy rows whose id cannot
-- be kept. Ids are kept as target ids, so a legacy table without a primary key can hold a NULL id
-- or the same id on several rows; neither can be migrated as itself.
--   NULL id            → every such row rejected.
--   the same id twice  → the first row in table order (the COPY order) stays and is migrated;
--                        every later one is rejected (it cannot keep the id, and what references
--                        that id means the first).
-- Rejected here: migration_audit.rejected_rows with key_problem = true and source_id NULL (the id
-- does not identify the row; it is in the reason and in row_data), and the row is removed from
-- staging, so the loads never see it. Each load's source_rows adds these back
-- (load_counts: staged rows + key_problem rows), so the ledger still balances against the legacy count.
-- Variables (filled by the transfer step): :"stage_table", :'source_table', :'check_keys',
-- :'rows_copied' (the rows this transaction's COPY wrote into staging)
-- ('false' when the legacy id is a primary key or unique and NOT NULL: the scan is then skipped —
-- the planner folds the constant filter away).
-- Idempotent: a re-copied table starts from its own earlier rejects removed.

DELETE FROM migration_audit.rejected_rows WHERE source_table = :'source_table' AND key_problem;

-- What the transfer copied, in its own transaction: every load checks staging still holds it
-- (migration_audit.staged_rows), so rows lost from staging later stop the load, never reconcile.
INSERT INTO migration_audit.transfer_counts (source_table, rows_copied) VALUES (:'source_table', :'rows_copied')
ON CONFLICT (source_table) DO UPDATE SET rows_copied = EXCLUDED.rows_copied, copied_at = now();

SET LOCAL work_mem = '256MB';

WITH dup AS MATERIALIZED (
    SELECT id FROM migration_stage.:"stage_table"
    WHERE :'check_keys'::boolean
    GROUP BY id HAVING count(*) > 1 OR id IS NULL
),
bad AS MATERIALIZED (
    SELECT s.ctid AS tid, s.id,
           row_number() OVER (PARTITION BY s.id ORDER BY s.ctid) AS nth,
           count(*) OVER (PARTITION BY s.id) AS rows_with_id
    FROM migration_stage.:"stage_table" s
    WHERE :'check_keys'::boolean
      AND s.id IN (SELECT id FROM dup) OR (:'check_keys'::boolean AND s.id IS NULL AND EXISTS (SELECT 1 FROM dup WHERE dup.id IS NULL))
),
moved AS (
    DELETE FROM migration_stage.:"stage_table" s
    USING bad
    WHERE s.ctid = bad.tid AND (bad.id IS NULL OR bad.nth > 1)
    RETURNING to_jsonb(s) AS row_data, bad.id, bad.rows_with_id
)
INSERT INTO migration_audit.rejected_rows (source_table, source_id, reason, row_data, key_problem)
SELECT :'source_table', NULL,
       CASE WHEN id IS NULL THEN 'id is NULL (legacy ' || :'source_table' || ' has no primary key; ids are kept, so a row needs one)'
            ELSE 'duplicate id ' || id || ': ' || rows_with_id || ' legacy ' || :'source_table'
                 || ' rows share it (no primary key); the first in table order was migrated with it' END,
       row_data, true
FROM moved;
