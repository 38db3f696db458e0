-- Load education_group_students ← legacy education_group_student (ids kept).
-- Rejected (reason + whole row): education_group_id or student_id NULL, or pointing at a education group / student that does not
--   exist in the legacy database or was rejected there (both are NOT NULL foreign keys).
--   Students, teachers, groups and courses are not deduplicated (only persons and accounts are),
--   so their ids need no remapping: the row keeps pointing at the same student/teacher, whose
--   person_id was remapped to the surviving person.
-- joined_at = create_date; status active = 1 → 'active', else 'transferred' (the guide).
-- One transaction (run by the core); idempotent: deletes its own rows and ledger rows first.

SET LOCAL work_mem = '128MB';

TRUNCATE public.education_group_students;  -- not DELETE: a new file, so under wal_level=minimal the load below writes no WAL
DELETE FROM migration_audit.rejected_rows  WHERE source_table = 'education_group_student' AND NOT key_problem;
DELETE FROM migration_audit.merged_rows    WHERE source_table = 'education_group_student';
DELETE FROM migration_audit.nulled_values  WHERE source_table = 'education_group_student';
DELETE FROM migration_audit.load_counts    WHERE source_table = 'education_group_student';

WITH src AS MATERIALIZED (
    SELECT x.id, x.education_group_id, x.student_id, x.joined_at, x.status, x.reason,
           x.tid  -- the whole row is read again for the rejected rows only (below)
    FROM (
        SELECT s.ctid AS tid,
               s.id::bigint AS id, s.education_group_id::bigint AS education_group_id, s.student_id::bigint AS student_id,
               s.create_date::timestamp AS joined_at, CASE WHEN migration_audit.to_flag(s.active) THEN 'active' ELSE 'transferred' END AS status,
               CASE WHEN s.education_group_id IS NULL THEN 'education_group_id is NULL (required)'
                    WHEN ed_t.id IS NULL THEN
                        'education group ' || s.education_group_id ||
                        CASE WHEN ed_r.source_id IS NULL THEN ' does not exist in legacy education_group'
                             ELSE ' was rejected (see rejected_rows education_group)' END
                    WHEN s.student_id IS NULL THEN 'student_id is NULL (required)'
                    WHEN st_t.id IS NULL THEN
                        'student ' || s.student_id ||
                        CASE WHEN st_r.source_id IS NULL THEN ' does not exist in legacy students'
                             ELSE ' was rejected (see rejected_rows students)' END
               END AS reason
        FROM migration_stage.education_group_student s
        LEFT JOIN public.education_groups ed_t ON ed_t.id = s.education_group_id::bigint
        LEFT JOIN (SELECT source_id FROM migration_audit.rejected_rows WHERE source_table = 'education_group') ed_r
               ON ed_r.source_id = s.education_group_id::bigint
        LEFT JOIN public.students st_t ON st_t.id = s.student_id::bigint
        LEFT JOIN (SELECT source_id FROM migration_audit.rejected_rows WHERE source_table = 'students') st_r
               ON st_r.source_id = s.student_id::bigint
    ) x
),
ins AS (
    INSERT INTO public.education_group_students (id, education_group_id, student_id, joined_at, status)
    SELECT id, education_group_id, student_id, joined_at, status FROM src WHERE reason IS NULL
)
INSERT INTO migration_audit.rejected_rows (source_table, source_id, reason, row_data)
SELECT 'education_group_student', id, reason,
       (SELECT to_jsonb(s) FROM migration_stage.education_group_student s WHERE s.ctid = src.tid)  -- TID lookup per rejected row
    FROM src WHERE reason IS NOT NULL;

-- A flag that is neither 0/1 nor a yes/no spelling (7, 2, 'x') was read as 0 (transferred, the guide's
-- "else"): recorded in nulled_values (migration_audit.record_junk_flags, 00_staging.sql).
SELECT migration_audit.record_junk_flags('education_group_student', 'active', 'education_group_students', 'status', '''transferred''');

-- Statistics for the next loads' join planning (fresh tables have none; without them the
-- planner can pick nested loops over the small ledger subsets).
ANALYZE public.education_group_students, migration_audit.rejected_rows (source_table, source_id), migration_audit.merged_rows;

INSERT INTO migration_audit.load_counts (source_table, position, target_table, source_rows, migrated)
SELECT 'education_group_student', 13, 'education_group_students',
       migration_audit.staged_rows('education_group_student'),
       (SELECT count(*) FROM public.education_group_students);
