-- Tables and columns of the legacy schema (check legacy-columns). $1 = schema name.
SELECT table_name, column_name
FROM information_schema.columns
WHERE table_schema = $1
ORDER BY table_name, ordinal_position
