-- Load subjects ← legacy education_plan_subject: ONE row per subject_id (the guide's DISTINCT
-- over names could emit one id twice).
-- Name choice per subject_id: the most frequent non-blank name_az (trimmed) among its plan
--   subjects; ties → the name whose first occurrence has the lowest education_plan_subject id.
--   The representative plan subject = the lowest id carrying the chosen name; code, name_en,
--   name_ru and credits come from it (code blank → 'SUBJ' || subject_id, credits NULL or
--   negative → 0, as the guide; credits that are not a whole number whatever the legacy column's
--   type → 0, recorded in nulled_values). No non-blank name at all → name_az NULL.
--   Subjects with more than one distinct name: every name, its count and the choice are recorded
--   in migration_audit.subject_names.
-- Ledger (source_table 'education_plan_subject'; the target id is the subject_id, not the plan
--   subject id): the representative → migrated (subjects row id = its subject_id); every other
--   plan subject of that subject → merged_rows with survivor_id = the subject id;
--   subject_id NULL → rejected (reason + whole row). Courses get their subject through
--   education_plan_subject.subject_id (32_courses.sql).
-- One transaction (run by the core); idempotent: deletes its own rows and ledger rows first.

SET LOCAL work_mem = '128MB';

TRUNCATE public.subjects;  -- not DELETE: a new file, so under wal_level=minimal the load below writes no WAL
DELETE FROM migration_audit.subject_names;
DELETE FROM migration_audit.rejected_rows  WHERE source_table = 'education_plan_subject' AND NOT key_problem;
DELETE FROM migration_audit.merged_rows    WHERE source_table = 'education_plan_subject';
DELETE FROM migration_audit.nulled_values  WHERE source_table = 'education_plan_subject';
DELETE FROM migration_audit.load_counts    WHERE source_table = 'education_plan_subject';

WITH e AS MATERIALIZED (
    SELECT s.id::bigint AS id, s.subject_id::bigint AS subject_id, migration_audit.clean_text(s.name_az) AS name,
           s.code, s.name_en, s.name_ru, migration_audit.to_int(s.credits) AS credits, s.credits AS credits_raw,
           to_jsonb(s) AS row_data  -- for the rejected rows and the merged ones (a small table)
    FROM migration_stage.education_plan_subject s
),
names AS MATERIALIZED (
    SELECT subject_id, name, count(*) AS occ, min(id) AS first_id
    FROM e WHERE subject_id IS NOT NULL
    GROUP BY subject_id, name
),
chosen AS MATERIALIZED (
    SELECT DISTINCT ON (subject_id) subject_id, name, first_id
    FROM names
    ORDER BY subject_id, (name IS NOT NULL) DESC, occ DESC, first_id
),
ins AS (
    INSERT INTO public.subjects (id, code, name_az, name_en, name_ru, credits)
    SELECT c.subject_id, coalesce(migration_audit.clean_text(e.code), 'SUBJ' || c.subject_id), c.name,
           e.name_en, e.name_ru, CASE WHEN e.credits >= 0 THEN e.credits ELSE 0 END
    FROM chosen c JOIN e ON e.id = c.first_id
),
conflicts AS (
    INSERT INTO migration_audit.subject_names (subject_id, name_az, occurrences, first_eps_id, chosen)
    SELECT n.subject_id, n.name, n.occ, n.first_id, n.first_id = c.first_id
    FROM names n JOIN chosen c USING (subject_id)
    WHERE n.name IS NOT NULL
      AND n.subject_id IN (SELECT subject_id FROM names WHERE name IS NOT NULL
                           GROUP BY subject_id HAVING count(*) > 1)
),
nul AS (
    INSERT INTO migration_audit.nulled_values (source_table, source_id, column_name, legacy_value, reason)
    SELECT 'education_plan_subject', e.id, 'credits', e.credits_raw, 'credits is not a whole number (or out of range); 0 used'
    FROM chosen c JOIN e ON e.id = c.first_id
    WHERE e.credits IS NULL AND btrim(e.credits_raw) <> ''
),
mrg AS (
    INSERT INTO migration_audit.merged_rows (source_table, source_id, survivor_id, rule, row_data)
    SELECT 'education_plan_subject', e.id, e.subject_id,
           'plan subject of subject ' || e.subject_id || ': one subjects row per subject_id (representative plan subject ' || c.first_id || ')',
           e.row_data
    FROM e JOIN chosen c USING (subject_id)
    WHERE e.id <> c.first_id
)
INSERT INTO migration_audit.rejected_rows (source_table, source_id, reason, row_data)
SELECT 'education_plan_subject', id, 'subject_id is NULL (the plan subject names no subject)', row_data
FROM e WHERE subject_id IS NULL;


-- Statistics for the next loads' join planning (fresh tables have none; without them the
-- planner can pick nested loops over the small ledger subsets).
ANALYZE public.subjects, migration_audit.rejected_rows (source_table, source_id), migration_audit.merged_rows;

INSERT INTO migration_audit.load_counts (source_table, position, target_table, source_rows, migrated)
SELECT 'education_plan_subject', 9, 'subjects',
       migration_audit.staged_rows('education_plan_subject'),
       (SELECT count(*) FROM public.subjects);
