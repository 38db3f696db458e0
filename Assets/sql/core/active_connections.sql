-- Other sessions on the legacy database (check active-connections).
SELECT pid, coalesce(usename, '') AS usename, coalesce(application_name, '') AS application_name,
       coalesce(client_addr::text, 'local') AS client, coalesce(state, '') AS state,
       to_char(backend_start, 'YYYY-MM-DD HH24:MI:SS') AS since
FROM pg_stat_activity
WHERE datname = current_database()
  AND pid <> pg_backend_pid()
  AND backend_type = 'client backend'
ORDER BY backend_start
