-- Phase 1, Day 5-7: legacy performance baseline - the closest legacy equivalents of the guide's
-- three Day-17 queries, run with plain `EXPLAIN ANALYZE` (text), exactly the form the guide uses
-- on the new schema (validation/17_performance.sql), so both sides are read the same way: each
-- statement returns one `QUERY PLAN` row per plan line, the last one "Execution Time: N ms".
-- Session settings are left at the server defaults (as on the target side), JIT included.
-- Read-only: EXPLAIN ANALYZE of a SELECT writes nothing.
-- Mapping legacy -> new: students.active = 1 ~ status 'active'; card_number ~ student_id_number;
-- education_group_student.active = 1 ~ status 'active'; education_group ~ education_groups;
-- course ~ courses; education_plan_subject (via course.education_plan_subject_id) ~ subjects;
-- course_student.active = 1 ~ status 'enrolled'; course.active = 1 ~ status 'active';
-- teachers.active = 1 ~ status 'active'; course_teacher ~ course_teachers.
-- "active = 1" is written `active::text IN ('1', 'true')`: the same rows for the smallint flags of
-- DESIGN.md, and still valid SQL where a legacy database stores the flag as boolean or text.

-- Query 1: Student lookup with details
EXPLAIN ANALYZE
SELECT p.firstname, p.lastname, s.card_number AS student_id_number, eg.name as group_name
FROM students s
JOIN persons p ON s.person_id = p.id
LEFT JOIN education_group_student egs ON s.id = egs.student_id AND egs.active::text IN ('1', 'true')
LEFT JOIN education_group eg ON egs.education_group_id = eg.id
WHERE s.active::text IN ('1', 'true')
LIMIT 100;

-- Query 2: Course enrollment summary
EXPLAIN ANALYZE
SELECT c.code, eps.name_az, COUNT(cs.student_id) as enrolled_count
FROM course c
JOIN education_plan_subject eps ON c.education_plan_subject_id = eps.id
LEFT JOIN course_student cs ON c.id = cs.course_id AND cs.active::text IN ('1', 'true')
WHERE c.active::text IN ('1', 'true')
GROUP BY c.code, eps.name_az
ORDER BY enrolled_count DESC
LIMIT 50;

-- Query 3: Teacher workload
EXPLAIN ANALYZE
SELECT p.firstname, p.lastname, COUNT(ct.course_id) as course_count
FROM teachers t
JOIN persons p ON t.person_id = p.id
LEFT JOIN course_teacher ct ON t.id = ct.teacher_id
WHERE t.active::text IN ('1', 'true')
GROUP BY t.id, p.firstname, p.lastname
ORDER BY course_count DESC
LIMIT 20;
