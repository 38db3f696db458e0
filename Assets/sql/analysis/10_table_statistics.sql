-- Phase 1, Day 3-4: data quality report - the guide's pg_stat_user_tables query.
-- One defect fixed, nothing else changed: the guide selects `tablename`, which pg_stat_user_tables
-- does not have (ERROR: column "tablename" does not exist); the view's column is `relname`,
-- exposed here under the guide's name. Read-only; runs on the legacy database.
SELECT 
    schemaname,
    relname as tablename,
    n_tup_ins as inserts,
    n_tup_upd as updates,
    n_tup_del as deletes,
    n_live_tup as live_rows,
    n_dead_tup as dead_rows
FROM pg_stat_user_tables 
ORDER BY n_live_tup DESC;
