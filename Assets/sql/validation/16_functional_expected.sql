-- Phase 4, Day 16: what the guide's functional join tests (16_functional.sql, unchanged) must
-- return on a correct migration. With every foreign key VALID and NOT NULL, each join keeps every
-- row of its driving table, so each test's count equals the plain count of that table (with the
-- test's own filter). The validate step compares the two files by test name.
-- Columns: name (the test's label, exactly as 16_functional.sql prints it), expected, basis.
SELECT name, expected, basis FROM (
    SELECT 1 AS ord, 'Student-Person Join Test' AS name, (SELECT count(*) FROM students) AS expected,
           'count(*) of students' AS basis
    UNION ALL
    SELECT 2, 'Teacher-Person Join Test', (SELECT count(*) FROM teachers), 'count(*) of teachers'
    UNION ALL
    SELECT 3, 'User-Account-Person Chain Test', (SELECT count(*) FROM users), 'count(*) of users'
    UNION ALL
    SELECT 4, 'Active Group Memberships Test',
           (SELECT count(*) FROM education_group_students WHERE status = 'active'),
           'count(*) of education_group_students with status ''active'''
    UNION ALL
    SELECT 5, 'Course Enrollments Test', (SELECT count(*) FROM course_students), 'count(*) of course_students'
) t
ORDER BY ord;
