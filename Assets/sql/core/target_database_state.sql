-- Is the target database's name taken, and by what? $1 = target_database. No row: free.
-- comment: the marker phase 2 writes when it creates the database (core/create_database.sql),
-- which tells this migration's database from one that was there before it (someone else's, or an
-- earlier run's with another work directory): only its own is ever adopted or reused.
SELECT pg_encoding_to_char(d.encoding) AS encoding,
       d.datcollate AS collation,
       shobj_description(d.oid, 'pg_database') AS comment
FROM pg_database d
WHERE d.datname = $1;
