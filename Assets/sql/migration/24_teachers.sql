-- Load teachers ← legacy teachers (ids kept), person_id remapped to the surviving person.
-- Rejected (reason + whole row): person_id NULL; person missing from legacy persons or rejected.
-- NULLed + recorded: user_id → user missing/rejected; organization_id → organization
--   missing/rejected; in_action_date not blank but unparseable (hire_date).
-- employee_id: trimmed card_number (NULL when blank). hire_date: parsed in_action_date.
-- status: active = 1 → 'active', else 'terminated' (the guide's mapping).
-- One transaction (run by the core); idempotent: deletes its own rows and ledger rows first.

SET LOCAL work_mem = '128MB';

TRUNCATE public.teachers;  -- not DELETE: a new file, so under wal_level=minimal the load below writes no WAL
DELETE FROM migration_audit.rejected_rows  WHERE source_table = 'teachers' AND NOT key_problem;
DELETE FROM migration_audit.merged_rows    WHERE source_table = 'teachers';
DELETE FROM migration_audit.nulled_values  WHERE source_table = 'teachers';
DELETE FROM migration_audit.load_counts    WHERE source_table = 'teachers';

WITH src AS MATERIALIZED (
    SELECT x.id, x.person_id, x.user_id, x.user_raw, x.organization_id, x.org_raw, x.employee_id,
           x.position_id, x.hire_raw, x.hire_date, x.status, x.created_at, x.updated_at, x.reason,
           CASE WHEN x.user_raw IS NOT NULL AND x.user_id IS NULL THEN
               'user ' || x.user_raw ||
               CASE WHEN x.user_rejected THEN ' was rejected (see rejected_rows users)'
                    ELSE ' does not exist in legacy users' END END AS user_reason,
           CASE WHEN x.org_raw IS NOT NULL AND x.organization_id IS NULL THEN
               'organization ' || x.org_raw ||
               CASE WHEN x.org_rejected THEN ' was rejected (see rejected_rows organizations)'
                    ELSE ' does not exist in legacy organizations' END END AS org_reason,
           x.tid  -- the whole row is read again for the rejected rows only (below)
    FROM (
        SELECT s.ctid AS tid,
               s.id::bigint AS id, coalesce(pt.id, pm.survivor_id) AS person_id,
               s.user_id AS user_raw, u.id AS user_id, ru.source_id IS NOT NULL AS user_rejected,
               s.organization_id AS org_raw, o.id AS organization_id, ro.source_id IS NOT NULL AS org_rejected,
               migration_audit.clean_text(s.card_number) AS employee_id,
               s.position_id::bigint AS position_id,
               s.in_action_date AS hire_raw,
               migration_audit.parse_date(s.in_action_date) AS hire_date,
               CASE WHEN migration_audit.to_flag(s.active) THEN 'active' ELSE 'terminated' END AS status,
               s.create_date::timestamp AS created_at, s.update_date::timestamp AS updated_at,
               CASE WHEN s.person_id IS NULL THEN 'person_id is NULL (required)'
                    WHEN pt.id IS NULL AND pm.survivor_id IS NULL THEN
                        'person ' || s.person_id ||
                        CASE WHEN rp.source_id IS NULL THEN ' does not exist in legacy persons'
                             ELSE ' was rejected (see rejected_rows persons)' END
               END AS reason
        FROM migration_stage.teachers s
        LEFT JOIN public.persons pt ON pt.id = s.person_id::bigint
        LEFT JOIN (SELECT source_id, survivor_id FROM migration_audit.merged_rows WHERE source_table = 'persons') pm
               ON pm.source_id = s.person_id::bigint
        LEFT JOIN (SELECT source_id FROM migration_audit.rejected_rows WHERE source_table = 'persons') rp
               ON rp.source_id = s.person_id::bigint
        LEFT JOIN public.users u ON u.id = s.user_id::bigint
        LEFT JOIN (SELECT source_id FROM migration_audit.rejected_rows WHERE source_table = 'users') ru
               ON ru.source_id = s.user_id::bigint
        LEFT JOIN public.organizations o ON o.id = s.organization_id::bigint
        LEFT JOIN (SELECT source_id FROM migration_audit.rejected_rows WHERE source_table = 'organizations') ro
               ON ro.source_id = s.organization_id::bigint
    ) x
),
ins AS (
    INSERT INTO public.teachers (id, person_id, user_id, employee_id, organization_id, position_id,
                                 hire_date, status, created_at, updated_at)
    SELECT id, person_id, user_id, employee_id, organization_id, position_id, hire_date, status,
           created_at, updated_at
    FROM src WHERE reason IS NULL
),
nul AS (
    INSERT INTO migration_audit.nulled_values (source_table, source_id, column_name, legacy_value, reason)
    SELECT 'teachers', src.id, v.column_name, v.legacy_value, v.reason
    FROM src
    CROSS JOIN LATERAL (VALUES
        ('user_id', src.user_raw, src.user_reason),
        ('organization_id', src.org_raw, src.org_reason),
        ('hire_date', src.hire_raw,
         CASE WHEN src.hire_date IS NULL AND btrim(src.hire_raw) <> ''
              THEN 'in_action_date is not a valid date' END)
    ) AS v(column_name, legacy_value, reason)
    WHERE src.reason IS NULL AND v.reason IS NOT NULL
)
INSERT INTO migration_audit.rejected_rows (source_table, source_id, reason, row_data)
SELECT 'teachers', id, reason,
       (SELECT to_jsonb(s) FROM migration_stage.teachers s WHERE s.ctid = src.tid)  -- TID lookup per rejected row
    FROM src WHERE reason IS NOT NULL;

-- A flag that is neither 0/1 nor a yes/no spelling (7, 2, 'x') was read as 0 ('terminated', the guide's
-- "else"): recorded in nulled_values (migration_audit.record_junk_flags, 00_staging.sql).
SELECT migration_audit.record_junk_flags('teachers', 'active', 'teachers', 'status', '''terminated''');

-- Statistics for the next loads' join planning (fresh tables have none; without them the
-- planner can pick nested loops over the small ledger subsets).
ANALYZE public.teachers, migration_audit.rejected_rows (source_table, source_id), migration_audit.merged_rows;

INSERT INTO migration_audit.load_counts (source_table, position, target_table, source_rows, migrated)
SELECT 'teachers', 7, 'teachers',
       migration_audit.staged_rows('teachers'),
       (SELECT count(*) FROM public.teachers);
