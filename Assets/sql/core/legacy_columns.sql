-- Tables and columns of the legacy schema (check legacy-columns). $1 = schema name.
-- data_type lets the check refuse id columns the migration cannot read as integers.
SELECT table_name, column_name, data_type
FROM information_schema.columns
WHERE table_schema = $1
ORDER BY table_name, ordinal_position
