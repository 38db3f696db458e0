-- Load dictionaries ← legacy dictionaries (ids kept).
-- Rejected: type_id NULL (the target requires a type; the guide drops these rows silently).
-- NULLed + recorded: parent_id pointing at a dictionary that does not exist or was rejected.
-- One transaction (run by the core); idempotent: deletes its own rows and ledger rows first.

SET LOCAL work_mem = '64MB';

DELETE FROM public.dictionaries;
DELETE FROM migration_audit.rejected_rows  WHERE source_table = 'dictionaries' AND NOT key_problem;
DELETE FROM migration_audit.merged_rows    WHERE source_table = 'dictionaries';
DELETE FROM migration_audit.nulled_values  WHERE source_table = 'dictionaries';
DELETE FROM migration_audit.load_counts    WHERE source_table = 'dictionaries';

WITH src AS MATERIALIZED (
    SELECT x.id, x.type_id, x.code, x.name_az, x.name_en, x.name_ru, x.parent_id, x.parent_raw,
           x.parent_reason, x.reason,
           x.tid  -- the whole row is read again for the rejected rows only (below)
    FROM (
        SELECT s.ctid AS tid,
               s.id::bigint AS id, s.type_id::bigint AS type_id, migration_audit.clean_text(s.code) AS code, s.name_az, s.name_en, s.name_ru,
               s.parent_id AS parent_raw,
               CASE WHEN p.type_id IS NOT NULL THEN s.parent_id::bigint END AS parent_id,
               CASE WHEN s.parent_id IS NOT NULL AND p.type_id IS NULL THEN
                   'dictionary ' || s.parent_id ||
                   CASE WHEN p.id IS NULL THEN ' does not exist in legacy dictionaries'
                        ELSE ' was rejected (type_id is NULL)' END
               END AS parent_reason,
               CASE WHEN s.type_id IS NULL THEN 'type_id is NULL (the target requires a dictionary type)' END AS reason
        FROM migration_stage.dictionaries s
        LEFT JOIN migration_stage.dictionaries p ON p.id = s.parent_id
    ) x
),
ins AS (
    INSERT INTO public.dictionaries (id, type_id, code, name_az, name_en, name_ru, parent_id)
    SELECT id, type_id, code, name_az, name_en, name_ru, parent_id FROM src WHERE reason IS NULL
),
rej AS (
    INSERT INTO migration_audit.rejected_rows (source_table, source_id, reason, row_data)
    SELECT 'dictionaries', id, reason,
       (SELECT to_jsonb(s) FROM migration_stage.dictionaries s WHERE s.ctid = src.tid)  -- TID lookup per rejected row
    FROM src WHERE reason IS NOT NULL
)
INSERT INTO migration_audit.nulled_values (source_table, source_id, column_name, legacy_value, reason)
SELECT 'dictionaries', id, 'parent_id', parent_raw, parent_reason
FROM src WHERE reason IS NULL AND parent_reason IS NOT NULL;


-- Statistics for the next loads' join planning (fresh tables have none; without them the
-- planner can pick nested loops over the small ledger subsets).
ANALYZE public.dictionaries, migration_audit.rejected_rows (source_table, source_id), migration_audit.merged_rows;

INSERT INTO migration_audit.load_counts (source_table, position, target_table, source_rows, migrated)
SELECT 'dictionaries', 1, 'dictionaries',
       migration_audit.staged_rows('dictionaries'),
       (SELECT count(*) FROM public.dictionaries);
