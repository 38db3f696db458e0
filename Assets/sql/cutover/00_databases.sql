-- Which of the swap's database names exist, and whether each accepts connections.
-- $1: text[] of database names.
SELECT datname::text AS datname, datallowconn
FROM pg_database
WHERE datname = ANY($1::text[])
ORDER BY datname;
