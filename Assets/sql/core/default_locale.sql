-- The locale for CREATE DATABASE when `locale:` is not configured: the cluster's own
-- (template0's), when it suits a UTF8 database (C, POSIX or a UTF-8 codeset); else C.UTF-8,
-- which every current glibc provides (a cluster initialised as LATIN1 with en_US.ISO-8859-1
-- would otherwise make phase 2 fail: encoding "UTF8" does not match locale).
SELECT CASE WHEN datcollate IN ('C', 'POSIX') OR datcollate ~* '\.utf-?8$' THEN datcollate ELSE 'C.UTF-8' END AS locale
FROM pg_database WHERE datname = 'template0'
