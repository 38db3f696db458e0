-- Phase 2, Day 10: the guide's schema verification query, unchanged.
SELECT 
    t.table_name,
    COUNT(c.column_name) as column_count,
    COUNT(tc.constraint_name) as constraint_count
FROM information_schema.tables t
LEFT JOIN information_schema.columns c ON t.table_name = c.table_name
LEFT JOIN information_schema.table_constraints tc ON t.table_name = tc.table_name
WHERE t.table_schema = 'public'
GROUP BY t.table_name
ORDER BY t.table_name;
