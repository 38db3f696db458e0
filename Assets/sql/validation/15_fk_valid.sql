-- Phase 4, Day 15: every foreign key of the target schema exists and is VALIDATED.
-- One row per FK constraint in schema public (status pass when convalidated), plus one row that
-- fails when fewer FKs exist than the target schema defines (23, migration/82-84).
-- Columns: name, status (pass|fail), evidence.
SELECT c.conname::text AS name,
       CASE WHEN c.convalidated THEN 'pass' ELSE 'fail' END AS status,
       c.conrelid::regclass::text || ' → ' || c.confrelid::regclass::text ||
       CASE WHEN c.convalidated THEN ' (validated)' ELSE ' (NOT VALID)' END AS evidence
FROM pg_constraint c
WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
UNION ALL
SELECT 'foreign_key_count',
       CASE WHEN count(*) >= 23 THEN 'pass' ELSE 'fail' END,
       count(*) || ' foreign keys in schema public, 23 expected'
FROM pg_constraint c
WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
ORDER BY 1;
