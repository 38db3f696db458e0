-- Terminates every other session on the databases being frozen or renamed, waiting up to 5 s
-- for each. $1: text[] of database names. $2: int[] of this tool's own backend pids to keep.
SELECT pid, datname::text AS datname, pg_terminate_backend(pid, 5000) AS terminated
FROM pg_stat_activity
WHERE datname = ANY($1::text[]) AND pid <> pg_backend_pid()
  -- a parallel worker of one of our queries counts as ours (its leader is)
  AND coalesce(leader_pid, pid) <> ALL($2::int[])
ORDER BY datname, pid;
