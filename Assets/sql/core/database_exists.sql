-- Does a database of this name exist? $1 = name (check create-db-privilege: the cutover will
-- rename the live database to legacy_rename, so that name must be free before anything runs).
SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS present;
