-- Phase 4, Day 15: the guide's orphaned-records check, unchanged (every count must be 0).
SELECT 'orphaned_accounts' as check_name, COUNT(*) as count
FROM accounts a LEFT JOIN persons p ON a.person_id = p.id WHERE p.id IS NULL
UNION ALL
SELECT 'orphaned_users', COUNT(*) 
FROM users u LEFT JOIN accounts a ON u.account_id = a.id WHERE a.id IS NULL
UNION ALL
SELECT 'orphaned_students', COUNT(*)
FROM students s LEFT JOIN persons p ON s.person_id = p.id WHERE p.id IS NULL
UNION ALL  
SELECT 'orphaned_teachers', COUNT(*)
FROM teachers t LEFT JOIN persons p ON t.person_id = p.id WHERE p.id IS NULL
UNION ALL
SELECT 'orphaned_group_students', COUNT(*)
FROM education_group_students egs 
LEFT JOIN education_groups eg ON egs.education_group_id = eg.id
LEFT JOIN students s ON egs.student_id = s.id  
WHERE eg.id IS NULL OR s.id IS NULL;
