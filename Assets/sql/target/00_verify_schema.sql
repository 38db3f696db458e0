-- Phase 2, Day 10: the guide's schema verification query, as it means it: tables with their
-- column and constraint counts. The guide joins columns and constraints to the table at once
-- (and by table name alone, in any schema), so each count came out as columns x constraints
-- (persons: 60 and 60 instead of 10 and 6); here each is counted distinct, within the schema.
SELECT 
    t.table_name,
    COUNT(DISTINCT c.column_name) as column_count,
    COUNT(DISTINCT tc.constraint_name) as constraint_count
FROM information_schema.tables t
LEFT JOIN information_schema.columns c ON c.table_schema = t.table_schema AND t.table_name = c.table_name
LEFT JOIN information_schema.table_constraints tc ON tc.table_schema = t.table_schema AND t.table_name = tc.table_name
WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE'
GROUP BY t.table_name
ORDER BY t.table_name;
