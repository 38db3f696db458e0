-- Transfer, per legacy table ($1 = 'public."name"'), on the SOURCE (read-only): the planner's row
-- estimate (progress total), whether the table exists, and whether its `id` is guaranteed unique
-- and non-NULL (a primary key, or a unique index on id alone with id NOT NULL). Only a table
-- without that guarantee pays for the key check (sql/migration/05_legacy_keys.sql) after its copy.
SELECT c.reltuples::bigint AS n,
       to_regclass($1) IS NOT NULL AS present,
       EXISTS (SELECT 1
                 FROM pg_index i
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                WHERE i.indrelid = c.oid AND i.indisunique AND i.indnkeyatts = 1 AND i.indpred IS NULL
                  AND i.indexprs IS NULL AND a.attname = 'id' AND a.attnotnull) AS id_unique
FROM (SELECT 1) one
LEFT JOIN pg_class c ON c.oid = to_regclass($1);
