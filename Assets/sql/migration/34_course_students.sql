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
DELETE FROM migration_audit.nulled_values  WHERE source_table = 'course_student';
DELETE FROM migration_audit.load_counts    WHERE source_table = 'course_student';

-- Pass 1: the rows whose course and student are in the target (nearly all) go straight in.
-- Speed (measured at 1.9M rows): two hashed `IN` lookups on ids cast once cost 2.7 s; the former
-- single pass (LEFT JOINs carrying a reason for every row through a materialized CTE that
-- spilled to disk) cost 4.9 s.
INSERT INTO public.course_students (id, course_id, student_id, enrolled_at, status)
SELECT s.id, s.course_id, s.student_id, s.create_date::timestamp,
       CASE WHEN migration_audit.to_flag(s.active) THEN 'enrolled' ELSE 'completed' END
FROM (SELECT x.id::bigint AS id, x.course_id::bigint AS course_id, x.student_id::bigint AS student_id,
             x.create_date, x.active
      FROM migration_stage.course_student x
      OFFSET 0) s  -- a fence: each id is cast once, not once per use
WHERE s.course_id IN (SELECT id FROM public.courses)
  AND s.student_id IN (SELECT id FROM public.students);

-- Pass 2: exactly the other rows (a NULL reference, or one that is not in the target: target ids
-- are never NULL, so `IN` above was true or false for every row with both references), with the
-- reason and the whole row.
INSERT INTO migration_audit.rejected_rows (source_table, source_id, reason, row_data)
SELECT 'course_student', b.id::bigint,
       CASE WHEN b.course_id IS NULL THEN 'course_id is NULL (required)'
            WHEN co_t.id IS NULL THEN
                'course ' || b.course_id ||
                CASE WHEN co_r.source_id IS NULL THEN ' does not exist in legacy course'
                     ELSE ' was rejected (see rejected_rows course)' END
            WHEN b.student_id IS NULL THEN 'student_id is NULL (required)'
            WHEN st_t.id IS NULL THEN
                'student ' || b.student_id ||
                CASE WHEN st_r.source_id IS NULL THEN ' does not exist in legacy students'
                     ELSE ' was rejected (see rejected_rows students)' END
       END,  -- never NULL: a row in both passes would fail on NOT NULL; one in neither, the reconciliation
       to_jsonb(b)
FROM (SELECT s.* FROM migration_stage.course_student s
      WHERE s.course_id IS NULL OR s.student_id IS NULL
         OR NOT EXISTS (SELECT 1 FROM public.courses c WHERE c.id = s.course_id::bigint)
         OR NOT EXISTS (SELECT 1 FROM public.students t WHERE t.id = s.student_id::bigint)) b
LEFT JOIN public.courses co_t ON co_t.id = b.course_id::bigint
LEFT JOIN (SELECT source_id FROM migration_audit.rejected_rows WHERE source_table = 'course') co_r
       ON co_r.source_id = b.course_id::bigint
LEFT JOIN public.students st_t ON st_t.id = b.student_id::bigint
LEFT JOIN (SELECT source_id FROM migration_audit.rejected_rows WHERE source_table = 'students') st_r
       ON st_r.source_id = b.student_id::bigint;

-- A flag that is neither 0/1 nor a yes/no spelling (7, 2, 'x') was read as 0 (completed, the guide's
-- "else"): recorded in nulled_values (migration_audit.record_junk_flags, 00_staging.sql).
SELECT migration_audit.record_junk_flags('course_student', 'active', 'course_students', 'status', '''completed''');

-- Statistics for the next loads' join planning (fresh tables have none; without them the
-- planner can pick nested loops over the small ledger subsets).
ANALYZE public.course_students, migration_audit.rejected_rows (source_table, source_id), migration_audit.merged_rows;

INSERT INTO migration_audit.load_counts (source_table, position, target_table, source_rows, migrated)
SELECT 'course_student', 12, 'course_students',
       migration_audit.staged_rows('course_student'),
       (SELECT count(*) FROM public.course_students);
