-- Terminates every other session on the databases being renamed, waiting up to 5 s for each.
-- $1: text[] of database names.
SELECT pid, datname::text AS datname, pg_terminate_backend(pid, 5000) AS terminated
FROM pg_stat_activity
WHERE datname = ANY($1::text[]) AND pid <> pg_backend_pid()
ORDER BY datname, pid;
