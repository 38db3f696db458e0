-- Phase 1, on the maintenance database, inside a transaction the check rolls back: does the
-- server's operating system have the locale phase 2 will give CREATE DATABASE? CREATE COLLATION
-- asks the OS for it exactly as CREATE DATABASE will (42704/22023: no locale data), and leaves
-- nothing behind (temporary schema, rolled back).
CREATE COLLATION pg_temp.edu_migrate_locale_check (locale = :'locale')
