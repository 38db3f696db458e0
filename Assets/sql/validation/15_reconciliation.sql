-- Phase 4, Day 15: the zero-loss ledger. Every legacy table of the manifest must have been loaded
-- and balance: source_rows = migrated + merged + rejected (migration_audit.reconciliation).
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
FROM (VALUES (1, 'dictionaries'), (2, 'organizations'), (3, 'persons'), (4, 'accounts'), (5, 'users'),
             (6, 'students'), (7, 'teachers'), (8, 'education_group'), (9, 'education_plan_subject'),
             (10, 'course'), (11, 'course_teacher'), (12, 'course_student'),
             (13, 'education_group_student')) AS m(position, source_table)
LEFT JOIN migration_audit.reconciliation r USING (source_table)
ORDER BY m.position;
