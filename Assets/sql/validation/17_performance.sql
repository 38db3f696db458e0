-- Phase 4, Day 17: the guide's three performance queries, unchanged (without psql's \timing:
-- EXPLAIN ANALYZE reports the execution time).

-- Query 1: Student lookup with details
EXPLAIN ANALYZE
SELECT p.firstname, p.lastname, s.student_id_number, eg.name as group_name
FROM students s
JOIN persons p ON s.person_id = p.id  
LEFT JOIN education_group_students egs ON s.id = egs.student_id AND egs.status = 'active'
LEFT JOIN education_groups eg ON egs.education_group_id = eg.id
WHERE s.status = 'active'
LIMIT 100;

-- Query 2: Course enrollment summary  
EXPLAIN ANALYZE
SELECT c.code, subj.name_az, COUNT(cs.student_id) as enrolled_count
FROM courses c
JOIN subjects subj ON c.subject_id = subj.id
LEFT JOIN course_students cs ON c.id = cs.course_id AND cs.status = 'enrolled'  
WHERE c.status = 'active'
GROUP BY c.code, subj.name_az
ORDER BY enrolled_count DESC
LIMIT 50;

-- Query 3: Teacher workload
EXPLAIN ANALYZE  
SELECT p.firstname, p.lastname, COUNT(ct.course_id) as course_count
FROM teachers t
JOIN persons p ON t.person_id = p.id
LEFT JOIN course_teachers ct ON t.id = ct.teacher_id
WHERE t.status = 'active'
GROUP BY t.id, p.firstname, p.lastname
ORDER BY course_count DESC
LIMIT 20;
