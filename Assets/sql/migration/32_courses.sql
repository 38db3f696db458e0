-- Load courses ← legacy course (ids kept).
-- subject_id comes THROUGH education_plan_subject.subject_id (the guide copied the plan-subject
--   id, a different id space). NULLed + recorded when the plan subject does not exist or names
--   no subject. academic_year_id = education_year_id when that year exists (derived by
--   13_academic_years.sql from the legacy dictionaries); a dangling id → NULL, recorded; NULL
--   stays NULL (the guide invented year 1).
-- start_date: parsed (ISO date, ISO timestamp, DD.MM.YYYY); not blank but unparseable → NULL,
--   recorded. Hours NULL → 0 and status active = 1 → 'active' else 'planned' (the guide's mappings).
-- Hours and student_count are read as whole numbers whatever the legacy column's type; a value that
--   is not one (text junk, fractions, out of range) → 0 (hours) or NULL (max_students), recorded.
-- No course is rejected: a blank code is kept as NULL (the guide dropped these courses and with
--   them their enrollments).
-- One transaction (run by the core); idempotent: deletes its own rows and ledger rows first.

SET LOCAL work_mem = '128MB';

TRUNCATE public.courses;  -- not DELETE: a new file, so under wal_level=minimal the load below writes no WAL
DELETE FROM migration_audit.rejected_rows  WHERE source_table = 'course' AND NOT key_problem;
DELETE FROM migration_audit.merged_rows    WHERE source_table = 'course';
DELETE FROM migration_audit.nulled_values  WHERE source_table = 'course';
DELETE FROM migration_audit.load_counts    WHERE source_table = 'course';

WITH src AS MATERIALIZED (
    SELECT s.id::bigint AS id,
           s.education_plan_subject_id AS eps_raw,
           sub.id AS subject_id,
           CASE WHEN s.education_plan_subject_id IS NOT NULL AND sub.id IS NULL THEN
               'education_plan_subject ' || s.education_plan_subject_id ||
               CASE WHEN e.id IS NULL THEN ' does not exist in legacy education_plan_subject'
                    ELSE ' names no subject (subject_id is NULL)' END
           END AS subject_reason,
           migration_audit.clean_text(s.code) AS code,
           s.semester_id::bigint AS semester_id,
           ay.id AS academic_year_id, s.education_year_id AS year_raw,
           s.education_lang_id::bigint AS language_id,
           coalesce(migration_audit.to_int(s.m_hours), 0) AS lecture_hours,
           coalesce(migration_audit.to_int(s.s_hours), 0) AS seminar_hours,
           coalesce(migration_audit.to_int(s.l_hours), 0) AS lab_hours,
           coalesce(migration_audit.to_int(s.fm_hours), 0) AS practice_hours,
           s.start_date AS start_raw,
           migration_audit.parse_date(s.start_date) AS start_date,
           migration_audit.to_int(s.student_count) AS max_students,
           s.m_hours AS m_raw, s.s_hours AS s_raw, s.l_hours AS l_raw, s.fm_hours AS fm_raw,
           s.student_count AS count_raw,
           CASE WHEN migration_audit.to_flag(s.active) THEN 'active' ELSE 'planned' END AS status,
           s.create_date::timestamp AS created_at, s.update_date::timestamp AS updated_at
    FROM migration_stage.course s
    LEFT JOIN migration_stage.education_plan_subject e ON e.id = s.education_plan_subject_id
    LEFT JOIN public.subjects sub ON sub.id = e.subject_id::bigint
    LEFT JOIN public.academic_years ay ON ay.id = s.education_year_id::bigint
),
ins AS (
    INSERT INTO public.courses (id, subject_id, code, semester_id, academic_year_id, language_id,
                                lecture_hours, seminar_hours, lab_hours, practice_hours, start_date,
                                max_students, status, created_at, updated_at)
    SELECT id, subject_id, code, semester_id, academic_year_id, language_id, lecture_hours,
           seminar_hours, lab_hours, practice_hours, start_date, max_students, status,
           created_at, updated_at
    FROM src
)
INSERT INTO migration_audit.nulled_values (source_table, source_id, column_name, legacy_value, reason)
SELECT 'course', src.id, v.column_name, v.legacy_value, v.reason
FROM src
CROSS JOIN LATERAL (VALUES
    ('subject_id', src.eps_raw, src.subject_reason),
    ('academic_year_id', src.year_raw,
     CASE WHEN src.year_raw IS NOT NULL AND src.academic_year_id IS NULL
          THEN 'education year ' || src.year_raw || ' does not exist in legacy dictionaries' END),
    ('start_date', src.start_raw,
     CASE WHEN src.start_date IS NULL AND btrim(src.start_raw) <> ''
          THEN 'start_date is not a valid date' END),
    ('lecture_hours', src.m_raw, CASE WHEN migration_audit.to_int(src.m_raw) IS NULL AND btrim(src.m_raw) <> ''
                                      THEN 'm_hours is not a whole number (or out of range); 0 used' END),
    ('seminar_hours', src.s_raw, CASE WHEN migration_audit.to_int(src.s_raw) IS NULL AND btrim(src.s_raw) <> ''
                                      THEN 's_hours is not a whole number (or out of range); 0 used' END),
    ('lab_hours', src.l_raw, CASE WHEN migration_audit.to_int(src.l_raw) IS NULL AND btrim(src.l_raw) <> ''
                                  THEN 'l_hours is not a whole number (or out of range); 0 used' END),
    ('practice_hours', src.fm_raw, CASE WHEN migration_audit.to_int(src.fm_raw) IS NULL AND btrim(src.fm_raw) <> ''
                                        THEN 'fm_hours is not a whole number (or out of range); 0 used' END),
    ('max_students', src.count_raw, CASE WHEN src.max_students IS NULL AND btrim(src.count_raw) <> ''
                                         THEN 'student_count is not a whole number (or out of range)' END)
) AS v(column_name, legacy_value, reason)
WHERE v.reason IS NOT NULL;

-- A flag that is neither 0/1 nor a yes/no spelling (7, 2, 'x') was read as 0 ('planned', the guide's
-- "else"): recorded in nulled_values (migration_audit.record_junk_flags, 00_staging.sql).
SELECT migration_audit.record_junk_flags('course', 'active', 'courses', 'status', '''planned''');

-- Statistics for the next loads' join planning (fresh tables have none; without them the
-- planner can pick nested loops over the small ledger subsets).
ANALYZE public.courses, migration_audit.rejected_rows (source_table, source_id), migration_audit.merged_rows;

INSERT INTO migration_audit.load_counts (source_table, position, target_table, source_rows, migrated)
SELECT 'course', 10, 'courses',
       migration_audit.staged_rows('course'),
       (SELECT count(*) FROM public.courses);
