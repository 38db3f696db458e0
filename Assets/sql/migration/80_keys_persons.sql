-- Phase 3, end: keys, indexes and constraints of the bulk tables — primary keys, unique keys
-- (normalized pincode, case-folded username, student number), every foreign key (VALID), an
-- index on every FK column, trigram indexes on person names.
--
-- WHEN: after the data loads (migration/10 … 35), before migration/90_finalize.sql — the order
-- pg_restore uses (tables, data, then keys). target/03_indexes_constraints.sql (phase 2) keeps only
-- what costs nothing during the load (keys of the small reference tables).
-- Measured at 500k persons (persons load, same machine and minute): 33.2 s with the PK and the
-- unique pincode index in place, 15.1 s without the unique index, 9.4 s without either; with FKs
-- in place each inserted row would also pay one RI trigger call per FK. Building each index once
-- by sort and checking each FK with one anti-join is far cheaper. Correctness does not depend on
-- the keys existing during the load: the loads dedup and reject themselves, and this step fails
-- with the constraint named if any of them let a duplicate or an orphan through.
-- Dictionary attribute columns (gender_id, citizenship_id, position_id, type_id of organizations,
-- education_level/type, language, semester) get no FK: legacy dictionaries are one generic lookup
-- table whose type is not part of the reference, so a FK would not check the meaningful thing.
-- Re-runnable: primary keys added when missing (migration_audit.ensure_primary_key), indexes IF NOT
-- EXISTS, foreign keys dropped and re-added (82-84). One transaction per file.
-- Once it ran, a migration/NN load can be re-run only after the FKs pointing at its table are
-- dropped (its DELETE would violate them); re-run this file afterwards.
--
-- The work is split into one file per table (80_*, 81_*) and three of foreign keys (82-84), each a
-- node of the migration graph (Assets/plan/30_migration.yaml `reads:`/`writes:`): a table's keys
-- are built as soon as the loads that read it are done, beside the loads still running. Foreign
-- keys whose tables overlap wait for each other (ADD FOREIGN KEY locks both tables in a mode that
-- conflicts with itself and with index builds: the `<table>.ddl` names).
--
-- This file: primary key and unique normalized pincode of persons.

SET LOCAL client_min_messages = warning;  -- no 'constraint does not exist, skipping' notices
SET LOCAL maintenance_work_mem = '256MB';
SET LOCAL work_mem = '64MB';

SELECT migration_audit.ensure_primary_key('persons');
CREATE UNIQUE INDEX IF NOT EXISTS persons_pincode_norm_key ON persons (lower(pincode));
