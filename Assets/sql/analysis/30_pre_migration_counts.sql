-- Phase 1, Day 5-7: pre-migration counts (the guide's pre_migration_counts, for every legacy
-- table instead of five, and as a plain query: the legacy session is read-only, so no TEMP table).
-- Columns: table_name, count. Exact counts (count(*)), in transfer/dependency order.
SELECT table_name, count FROM (
              SELECT 1 AS ord, 'dictionaries' AS table_name, count(*) AS count FROM dictionaries
    UNION ALL SELECT 2, 'organizations', count(*) FROM organizations
    UNION ALL SELECT 3, 'persons', count(*) FROM persons
    UNION ALL SELECT 4, 'accounts', count(*) FROM accounts
    UNION ALL SELECT 5, 'users', count(*) FROM users
    UNION ALL SELECT 6, 'students', count(*) FROM students
    UNION ALL SELECT 7, 'teachers', count(*) FROM teachers
    UNION ALL SELECT 8, 'education_group', count(*) FROM education_group
    UNION ALL SELECT 9, 'education_plan_subject', count(*) FROM education_plan_subject
    UNION ALL SELECT 10, 'course', count(*) FROM course
    UNION ALL SELECT 11, 'course_teacher', count(*) FROM course_teacher
    UNION ALL SELECT 12, 'course_student', count(*) FROM course_student
    UNION ALL SELECT 13, 'education_group_student', count(*) FROM education_group_student
) c
ORDER BY ord;
