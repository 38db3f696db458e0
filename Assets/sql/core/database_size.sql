-- Size of the legacy database in bytes (check disk-space: backups need 3x this).
SELECT current_database() AS database,
       pg_database_size(current_database()) AS bytes,
       pg_size_pretty(pg_database_size(current_database())) AS pretty
