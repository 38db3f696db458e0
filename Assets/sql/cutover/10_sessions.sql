-- Sessions connected to the databases being frozen or renamed (ours excluded).
-- $1: text[] of database names. $2: int[] of this tool's own backend pids to keep ('{}' for none),
-- with the parallel workers they lead.
SELECT pid, datname::text AS datname, coalesce(usename::text, '') AS usename,
       coalesce(application_name, '') AS application_name,
       coalesce(host(client_addr), 'local') AS client,
       coalesce(state, '') AS state,
       coalesce(to_char(backend_start, 'YYYY-MM-DD HH24:MI:SS'), '') AS since
FROM pg_stat_activity
WHERE datname = ANY($1::text[]) AND pid <> pg_backend_pid()
  -- a parallel worker of one of our queries counts as ours (its leader is)
  AND coalesce(leader_pid, pid) <> ALL($2::int[])
ORDER BY datname, pid;
