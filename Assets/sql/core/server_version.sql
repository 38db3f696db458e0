-- Server version of the legacy database's server (check server-version).
SELECT current_setting('server_version_num')::int AS version_num,
       current_setting('server_version') AS version
