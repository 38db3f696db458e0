-- Load organizations ← legacy organizations (ids kept; all 9 columns, the guide's import drops type_id).
-- Rejected: name_az NULL/blank (required; the guide drops these rows silently).
-- NULLed + recorded: parent_id pointing at an organization that does not exist or was rejected.
-- is_active: active = 1 → true, else false (the guide's mapping; NULL → false).
-- One transaction (run by the core); idempotent: deletes its own rows and ledger rows first.

SET LOCAL work_mem = '64MB';

DELETE FROM public.organizations;
DELETE FROM migration_audit.rejected_rows  WHERE source_table = 'organizations' AND NOT key_problem;
DELETE FROM migration_audit.merged_rows    WHERE source_table = 'organizations';
DELETE FROM migration_audit.nulled_values  WHERE source_table = 'organizations';
DELETE FROM migration_audit.load_counts    WHERE source_table = 'organizations';

WITH src AS MATERIALIZED (
    SELECT x.*  -- x.tid: the whole row is read again for the rejected rows only (below)
    FROM (
        SELECT s.ctid AS tid,
               s.id::bigint AS id, migration_audit.clean_text(s.name_az) AS name_az, s.name_en, migration_audit.clean_text(s.code) AS code,
               s.parent_id AS parent_raw,
               CASE WHEN p.ok THEN s.parent_id::bigint END AS parent_id,
               CASE WHEN s.parent_id IS NOT NULL AND p.ok IS NOT TRUE THEN
                   'organization ' || s.parent_id ||
                   CASE WHEN p.id IS NULL THEN ' does not exist in legacy organizations'
                        ELSE ' was rejected (name_az is blank)' END
               END AS parent_reason,
               s.type_id::bigint AS type_id,
               coalesce(migration_audit.to_flag(s.active), false) AS is_active,
               s.create_date::timestamp AS created_at, s.update_date::timestamp AS updated_at,
               CASE WHEN migration_audit.clean_text(s.name_az) IS NULL THEN 'name_az is NULL or blank (required)' END AS reason
        FROM migration_stage.organizations s
        LEFT JOIN (SELECT id, migration_audit.clean_text(name_az) IS NOT NULL AS ok FROM migration_stage.organizations) p
               ON p.id = s.parent_id
    ) x
),
ins AS (
    INSERT INTO public.organizations (id, name_az, name_en, code, parent_id, type_id, is_active, created_at, updated_at)
    SELECT id, name_az, name_en, code, parent_id, type_id, is_active, created_at, updated_at
    FROM src WHERE reason IS NULL
),
rej AS (
    INSERT INTO migration_audit.rejected_rows (source_table, source_id, reason, row_data)
    SELECT 'organizations', id, reason,
       (SELECT to_jsonb(s) FROM migration_stage.organizations s WHERE s.ctid = src.tid)  -- TID lookup per rejected row
    FROM src WHERE reason IS NOT NULL
)
INSERT INTO migration_audit.nulled_values (source_table, source_id, column_name, legacy_value, reason)
SELECT 'organizations', id, 'parent_id', parent_raw, parent_reason
FROM src WHERE reason IS NULL AND parent_reason IS NOT NULL;

-- A flag that is neither 0/1 nor a yes/no spelling (7, 2, 'x') was read as 0 (inactive, the guide's
-- "else"): recorded in nulled_values (migration_audit.record_junk_flags, 00_staging.sql).
SELECT migration_audit.record_junk_flags('organizations', 'active', 'organizations', 'is_active', 'inactive');

-- Statistics for the next loads' join planning (fresh tables have none; without them the
-- planner can pick nested loops over the small ledger subsets).
ANALYZE public.organizations, migration_audit.rejected_rows (source_table, source_id), migration_audit.merged_rows;

INSERT INTO migration_audit.load_counts (source_table, position, target_table, source_rows, migrated)
SELECT 'organizations', 2, 'organizations',
       migration_audit.staged_rows('organizations'),
       (SELECT count(*) FROM public.organizations);
