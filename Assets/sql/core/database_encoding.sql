-- The current database's server encoding (pg_dump --encoding: the dump speaks it, whatever
-- client_encoding the database or role sets).
SELECT pg_encoding_to_char(encoding) AS encoding FROM pg_database WHERE datname = current_database();
