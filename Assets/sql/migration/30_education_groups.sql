-- Load education_groups ← legacy education_group (ids kept).
-- Rejected (reason + whole row): name NULL/blank (required; the guide drops these silently).
-- academic_year_id = education_year_id when that year exists (13_academic_years.sql derives one
--   per legacy dictionary entry groups or courses name); a dangling id → NULL, recorded in
--   nulled_values; NULL stays NULL (the guide invented year 1).
-- NULLed + recorded: organization_id → organization missing/rejected; tyutor_id → teacher
--   missing/rejected (tutor_id references teachers).
-- is_active: active = 1 (the guide's mapping).
-- One transaction (run by the core); idempotent: deletes its own rows and ledger rows first.

SET LOCAL work_mem = '128MB';

TRUNCATE public.education_groups;  -- not DELETE: a new file, so under wal_level=minimal the load below writes no WAL
DELETE FROM migration_audit.rejected_rows  WHERE source_table = 'education_group' AND NOT key_problem;
DELETE FROM migration_audit.merged_rows    WHERE source_table = 'education_group';
DELETE FROM migration_audit.nulled_values  WHERE source_table = 'education_group';
DELETE FROM migration_audit.load_counts    WHERE source_table = 'education_group';

WITH src AS MATERIALIZED (
    SELECT x.id, x.name, x.organization_id, x.org_raw, x.academic_year_id, x.year_raw, x.education_level_id,
           x.education_type_id, x.language_id, x.tutor_id, x.tutor_raw, x.is_active, x.created_at,
           x.updated_at, x.reason,
           CASE WHEN x.org_raw IS NOT NULL AND x.organization_id IS NULL THEN
               'organization ' || x.org_raw ||
               CASE WHEN x.org_rejected THEN ' was rejected (see rejected_rows organizations)'
                    ELSE ' does not exist in legacy organizations' END END AS org_reason,
           CASE WHEN x.year_raw IS NOT NULL AND x.academic_year_id IS NULL THEN
               'education year ' || x.year_raw || ' does not exist in legacy dictionaries' END AS year_reason,
           CASE WHEN x.tutor_raw IS NOT NULL AND x.tutor_id IS NULL THEN
               'teacher ' || x.tutor_raw ||
               CASE WHEN x.tutor_rejected THEN ' was rejected (see rejected_rows teachers)'
                    ELSE ' does not exist in legacy teachers' END END AS tutor_reason,
           x.tid  -- the whole row is read again for the rejected rows only (below)
    FROM (
        SELECT s.ctid AS tid,
               s.id::bigint AS id, migration_audit.clean_text(s.name) AS name,
               s.organization_id AS org_raw, o.id AS organization_id, ro.source_id IS NOT NULL AS org_rejected,
               s.education_year_id AS year_raw, ay.id AS academic_year_id,
               s.education_level_id::bigint AS education_level_id,
               s.education_type_id::bigint AS education_type_id,
               s.education_lang_id::bigint AS language_id,
               s.tyutor_id AS tutor_raw, t.id AS tutor_id, rt.source_id IS NOT NULL AS tutor_rejected,
               coalesce(migration_audit.to_flag(s.active), false) AS is_active,
               s.create_date::timestamp AS created_at, s.update_date::timestamp AS updated_at,
               CASE WHEN migration_audit.clean_text(s.name) IS NULL THEN 'name is NULL or blank (required)' END AS reason
        FROM migration_stage.education_group s
        LEFT JOIN public.organizations o ON o.id = s.organization_id::bigint
        LEFT JOIN (SELECT source_id FROM migration_audit.rejected_rows WHERE source_table = 'organizations') ro
               ON ro.source_id = s.organization_id::bigint
        LEFT JOIN public.academic_years ay ON ay.id = s.education_year_id::bigint
        LEFT JOIN public.teachers t ON t.id = s.tyutor_id::bigint
        LEFT JOIN (SELECT source_id FROM migration_audit.rejected_rows WHERE source_table = 'teachers') rt
               ON rt.source_id = s.tyutor_id::bigint
    ) x
),
ins AS (
    INSERT INTO public.education_groups (id, name, organization_id, academic_year_id, education_level_id,
                                         education_type_id, language_id, tutor_id, is_active,
                                         created_at, updated_at)
    SELECT id, name, organization_id, academic_year_id, education_level_id, education_type_id,
           language_id, tutor_id, is_active, created_at, updated_at
    FROM src WHERE reason IS NULL
),
nul AS (
    INSERT INTO migration_audit.nulled_values (source_table, source_id, column_name, legacy_value, reason)
    SELECT 'education_group', src.id, v.column_name, v.legacy_value, v.reason
    FROM src
    CROSS JOIN LATERAL (VALUES
        ('organization_id', src.org_raw, src.org_reason),
        ('academic_year_id', src.year_raw, src.year_reason),
        ('tutor_id', src.tutor_raw, src.tutor_reason)
    ) AS v(column_name, legacy_value, reason)
    WHERE src.reason IS NULL AND v.reason IS NOT NULL
)
INSERT INTO migration_audit.rejected_rows (source_table, source_id, reason, row_data)
SELECT 'education_group', id, reason,
       (SELECT to_jsonb(s) FROM migration_stage.education_group s WHERE s.ctid = src.tid)  -- TID lookup per rejected row
    FROM src WHERE reason IS NOT NULL;

-- A flag that is neither 0/1 nor a yes/no spelling (7, 2, 'x') was read as 0 (inactive, the guide's
-- "else"): recorded in nulled_values (migration_audit.record_junk_flags, 00_staging.sql).
SELECT migration_audit.record_junk_flags('education_group', 'active', 'education_groups', 'is_active', 'inactive');

-- Statistics for the next loads' join planning (fresh tables have none; without them the
-- planner can pick nested loops over the small ledger subsets).
ANALYZE public.education_groups, migration_audit.rejected_rows (source_table, source_id), migration_audit.merged_rows;

INSERT INTO migration_audit.load_counts (source_table, position, target_table, source_rows, migrated)
SELECT 'education_group', 8, 'education_groups',
       migration_audit.staged_rows('education_group'),
       (SELECT count(*) FROM public.education_groups);
