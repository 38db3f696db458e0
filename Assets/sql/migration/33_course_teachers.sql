-- Load course_teachers ← legacy course_teacher (ids kept).
-- Rejected (reason + whole row): course_id or teacher_id NULL, or pointing at a course / teacher that does not
--   exist in the legacy database or was rejected there (both are NOT NULL foreign keys).
--   Students, teachers, groups and courses are not deduplicated (only persons and accounts are),
--   so their ids need no remapping: the row keeps pointing at the same student/teacher, whose
--   person_id was remapped to the surviving person.
-- role 'instructor' (the guide), assigned_at = create_date.
-- One transaction (run by the core); idempotent: deletes its own rows and ledger rows first.

SET LOCAL work_mem = '128MB';

TRUNCATE public.course_teachers;  -- not DELETE: a new file, so under wal_level=minimal the load below writes no WAL
DELETE FROM migration_audit.rejected_rows  WHERE source_table = 'course_teacher' AND NOT key_problem;
DELETE FROM migration_audit.merged_rows    WHERE source_table = 'course_teacher';
DELETE FROM migration_audit.load_counts    WHERE source_table = 'course_teacher';

WITH src AS MATERIALIZED (
    SELECT x.id, x.course_id, x.teacher_id, x.role, x.assigned_at, x.reason,
           x.tid  -- the whole row is read again for the rejected rows only (below)
    FROM (
        SELECT s.ctid AS tid,
               s.id::bigint AS id, s.course_id::bigint AS course_id, s.teacher_id::bigint AS teacher_id,
               'instructor' AS role, s.create_date::timestamp AS assigned_at,
               CASE WHEN s.course_id IS NULL THEN 'course_id is NULL (required)'
                    WHEN co_t.id IS NULL THEN
                        'course ' || s.course_id ||
                        CASE WHEN co_r.source_id IS NULL THEN ' does not exist in legacy course'
                             ELSE ' was rejected (see rejected_rows course)' END
                    WHEN s.teacher_id IS NULL THEN 'teacher_id is NULL (required)'
                    WHEN te_t.id IS NULL THEN
                        'teacher ' || s.teacher_id ||
                        CASE WHEN te_r.source_id IS NULL THEN ' does not exist in legacy teachers'
                             ELSE ' was rejected (see rejected_rows teachers)' END
               END AS reason
        FROM migration_stage.course_teacher s
        LEFT JOIN public.courses co_t ON co_t.id = s.course_id::bigint
        LEFT JOIN (SELECT source_id FROM migration_audit.rejected_rows WHERE source_table = 'course') co_r
               ON co_r.source_id = s.course_id::bigint
        LEFT JOIN public.teachers te_t ON te_t.id = s.teacher_id::bigint
        LEFT JOIN (SELECT source_id FROM migration_audit.rejected_rows WHERE source_table = 'teachers') te_r
               ON te_r.source_id = s.teacher_id::bigint
    ) x
),
ins AS (
    INSERT INTO public.course_teachers (id, course_id, teacher_id, role, assigned_at)
    SELECT id, course_id, teacher_id, role, assigned_at FROM src WHERE reason IS NULL
)
INSERT INTO migration_audit.rejected_rows (source_table, source_id, reason, row_data)
SELECT 'course_teacher', id, reason,
       (SELECT to_jsonb(s) FROM migration_stage.course_teacher s WHERE s.ctid = src.tid)  -- TID lookup per rejected row
    FROM src WHERE reason IS NOT NULL;


-- Statistics for the next loads' join planning (fresh tables have none; without them the
-- planner can pick nested loops over the small ledger subsets).
ANALYZE public.course_teachers, migration_audit.rejected_rows (source_table, source_id), migration_audit.merged_rows;

INSERT INTO migration_audit.load_counts (source_table, position, target_table, source_rows, migrated)
SELECT 'course_teacher', 11, 'course_teachers',
       migration_audit.staged_rows('course_teacher'),
       (SELECT count(*) FROM public.course_teachers);
