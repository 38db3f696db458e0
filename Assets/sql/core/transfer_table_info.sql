-- Transfer, per legacy table ($1 = 'public."name"'), on the SOURCE (read-only): the planner's row
-- estimate (progress total), whether the table exists, and whether its `id` is guaranteed unique
-- and non-NULL over every row the copy reads (a primary key, or a valid unique index on id alone
-- with id NOT NULL). Only a table without that guarantee pays for the key check
-- (sql/migration/05_legacy_keys.sql) after its copy.
-- No guarantee: an INVALID index (a failed CREATE UNIQUE INDEX CONCURRENTLY leaves one that
-- enforces nothing on the rows already there), and a table with inheritance children (the copy
-- reads their rows too, which the parent's index does not cover). A partitioned table's key is
-- on the partitioned index, which covers every partition.
SELECT c.reltuples::bigint AS n,
       to_regclass($1) IS NOT NULL AS present,
       EXISTS (SELECT 1
                 FROM pg_index i
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                WHERE i.indrelid = c.oid AND i.indisunique AND i.indisvalid AND i.indnkeyatts = 1 AND i.indpred IS NULL
                  AND i.indexprs IS NULL AND a.attname = 'id' AND a.attnotnull)
       AND (c.relkind = 'p' OR NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhparent = c.oid)) AS id_unique
FROM (SELECT 1) one
LEFT JOIN pg_class c ON c.oid = to_regclass($1);
