-- Phase 4, Day 16: the guide's functional join tests, unchanged (five counts).
-- Test student-person relationship
SELECT 'Student-Person Join Test', COUNT(*) 
FROM students s JOIN persons p ON s.person_id = p.id;

-- Test teacher-person relationship  
SELECT 'Teacher-Person Join Test', COUNT(*)
FROM teachers t JOIN persons p ON t.person_id = p.id;

-- Test user-account-person chain
SELECT 'User-Account-Person Chain Test', COUNT(*)
FROM users u 
JOIN accounts a ON u.account_id = a.id
JOIN persons p ON a.person_id = p.id;

-- Test education group memberships
SELECT 'Active Group Memberships Test', COUNT(*)
FROM education_group_students egs
JOIN education_groups eg ON egs.education_group_id = eg.id  
JOIN students s ON egs.student_id = s.id
WHERE egs.status = 'active';

-- Test course enrollments
SELECT 'Course Enrollments Test', COUNT(*)
FROM course_students cs
JOIN courses c ON cs.course_id = c.id
JOIN students s ON cs.student_id = s.id;
