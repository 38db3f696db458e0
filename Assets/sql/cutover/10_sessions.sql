-- Sessions connected to the databases being frozen or renamed (ours excluded).
-- $1: text[] of database names. $2: int[] of this tool's own backend pids to keep ('{}' for none).
SELECT pid, datname::text AS datname, coalesce(usename::text, '') AS usename,
       coalesce(application_name, '') AS application_name,
       coalesce(host(client_addr), 'local') AS client,
       coalesce(state, '') AS state,
       coalesce(to_char(backend_start, 'YYYY-MM-DD HH24:MI:SS'), '') AS since
FROM pg_stat_activity
WHERE datname = ANY($1::text[]) AND pid <> pg_backend_pid() AND pid <> ALL($2::int[])
ORDER BY datname, pid;
