-- edu-migrate seed: is there already a database of this name? $1 = name (it is replaced only
-- with --replace). Runs on the maintenance database.
SELECT 1 FROM pg_database WHERE datname = $1
