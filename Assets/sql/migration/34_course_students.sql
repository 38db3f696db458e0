-- Load course_students ← legacy course_student (ids kept).
-- Rejected (reason + whole row): course_id or student_id NULL, or pointing at a course / student that does not
--   exist in the legacy database or was rejected there (both are NOT NULL foreign keys).
--   Students, teachers, groups and courses are not deduplicated (only persons and accounts are),
--   so their ids need no remapping: the row keeps pointing at the same student/teacher, whose
--   person_id was remapped to the surviving person.
-- enrolled_at = create_date; status active = 1 → 'enrolled', else 'completed' (the guide).
-- One transaction (run by the core); idempotent: deletes its own rows and ledger rows first.

SET LOCAL work_mem = '128MB';

TRUNCATE public.course_students;  -- not DELETE: a new file, so under wal_level=minimal the load below writes no WAL
DELETE FROM migration_audit.rejected_rows  WHERE source_table = 'course_student' AND NOT key_problem;
DELETE FROM migration_audit.merged_rows    WHERE source_table = 'course_student';
DELETE FROM migration_audit.load_counts    WHERE source_table = 'course_student';

WITH src AS MATERIALIZED (
    SELECT x.id, x.course_id, x.student_id, x.enrolled_at, x.status, x.reason,
           x.tid  -- the whole row is read again for the rejected rows only (below)
    FROM (
        SELECT s.ctid AS tid,
               s.id::bigint AS id, s.course_id::bigint AS course_id, s.student_id::bigint AS student_id,
               s.create_date::timestamp AS enrolled_at, CASE WHEN migration_audit.to_flag(s.active) THEN 'enrolled' ELSE 'completed' END AS status,
               CASE WHEN s.course_id IS NULL THEN 'course_id is NULL (required)'
                    WHEN co_t.id IS NULL THEN
                        'course ' || s.course_id ||
                        CASE WHEN co_r.source_id IS NULL THEN ' does not exist in legacy course'
                             ELSE ' was rejected (see rejected_rows course)' END
                    WHEN s.student_id IS NULL THEN 'student_id is NULL (required)'
                    WHEN st_t.id IS NULL THEN
                        'student ' || s.student_id ||
                        CASE WHEN st_r.source_id IS NULL THEN ' does not exist in legacy students'
                             ELSE ' was rejected (see rejected_rows students)' END
               END AS reason
        FROM migration_stage.course_student s
        LEFT JOIN public.courses co_t ON co_t.id = s.course_id::bigint
        LEFT JOIN (SELECT source_id FROM migration_audit.rejected_rows WHERE source_table = 'course') co_r
               ON co_r.source_id = s.course_id::bigint
        LEFT JOIN public.students st_t ON st_t.id = s.student_id::bigint
        LEFT JOIN (SELECT source_id FROM migration_audit.rejected_rows WHERE source_table = 'students') st_r
               ON st_r.source_id = s.student_id::bigint
    ) x
),
ins AS (
    INSERT INTO public.course_students (id, course_id, student_id, enrolled_at, status)
    SELECT id, course_id, student_id, enrolled_at, status FROM src WHERE reason IS NULL
)
INSERT INTO migration_audit.rejected_rows (source_table, source_id, reason, row_data)
SELECT 'course_student', id, reason,
       (SELECT to_jsonb(s) FROM migration_stage.course_student s WHERE s.ctid = src.tid)  -- TID lookup per rejected row
    FROM src WHERE reason IS NOT NULL;


-- Statistics for the next loads' join planning (fresh tables have none; without them the
-- planner can pick nested loops over the small ledger subsets).
ANALYZE public.course_students, migration_audit.rejected_rows (source_table, source_id), migration_audit.merged_rows;

INSERT INTO migration_audit.load_counts (source_table, position, target_table, source_rows, migrated)
SELECT 'course_student', 12, 'course_students',
       (SELECT count(*) FROM migration_stage.course_student)
         + (SELECT count(*) FROM migration_audit.rejected_rows WHERE source_table = 'course_student' AND key_problem),
       (SELECT count(*) FROM public.course_students);
