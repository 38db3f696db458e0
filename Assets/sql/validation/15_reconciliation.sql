-- Phase 4, Day 15: the zero-loss ledger. Every legacy table of the manifest must have been loaded
-- and balance: source_rows = migrated + merged + rejected (migration_audit.reconciliation).
-- The tables and their order are the manifest's (Assets/plan/legacy_tables.yaml), passed by the
-- core as the variable legacy_tables (JSON, [{"name": ..., "columns": [...]}, ...]).
-- Columns: source_table, source_rows, migrated, merged, rejected, status (pass|fail), evidence.
SELECT m.source_table,
       r.source_rows, r.migrated, r.merged, r.rejected,
       CASE WHEN r.balanced THEN 'pass' ELSE 'fail' END AS status,
       CASE WHEN r.source_table IS NULL THEN 'table was not loaded (no ledger row)'
            WHEN r.balanced THEN r.source_rows || ' = ' || r.migrated || ' migrated + ' || r.merged
                                 || ' merged + ' || r.rejected || ' rejected'
            ELSE 'UNBALANCED: ' || r.source_rows || ' <> ' || r.migrated || ' + ' || r.merged
                 || ' + ' || r.rejected || ' (missing ' || (r.source_rows - r.migrated - r.merged - r.rejected) || ')'
       END AS evidence
FROM (SELECT l.entry->>'name' AS source_table, l.position
      FROM jsonb_array_elements(:'legacy_tables'::jsonb) WITH ORDINALITY AS l(entry, position)) AS m
LEFT JOIN migration_audit.reconciliation r USING (source_table)
ORDER BY m.position;
