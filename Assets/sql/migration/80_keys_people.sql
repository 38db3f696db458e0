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
-- Re-runnable: constraints dropped and re-added, indexes IF NOT EXISTS. One transaction per file.
-- Once it ran, a migration/NN load can be re-run only after the FKs pointing at its table are
-- dropped (its DELETE would violate them); re-run this file afterwards.
--
-- The work is split into waves (Assets/plan/30_migration.yaml) so both cores build: wave 1 =
-- this file (persons, accounts, users, dictionaries, organizations) beside 81 (students,
-- teachers, groups, subjects, courses and the link tables); wave 2 = 82 beside 83, foreign keys
-- whose tables do not overlap (ADD FOREIGN KEY locks both tables in a mode that conflicts with
-- itself); wave 3 = 84, the rest. Measured at 500k persons: 11.9 s as one file, see the README.

SET LOCAL client_min_messages = warning;  -- no 'constraint does not exist, skipping' notices
SET LOCAL maintenance_work_mem = '256MB';
SET LOCAL work_mem = '64MB';

ALTER TABLE persons DROP CONSTRAINT IF EXISTS persons_pkey CASCADE, ADD CONSTRAINT persons_pkey PRIMARY KEY (id);
ALTER TABLE accounts DROP CONSTRAINT IF EXISTS accounts_pkey CASCADE, ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_pkey CASCADE, ADD CONSTRAINT users_pkey PRIMARY KEY (id);
CREATE UNIQUE INDEX IF NOT EXISTS persons_pincode_norm_key ON persons (lower(pincode));
CREATE UNIQUE INDEX IF NOT EXISTS accounts_username_norm_key ON accounts (lower(username));
CREATE INDEX IF NOT EXISTS dictionaries_type_id_idx ON dictionaries (type_id);
CREATE INDEX IF NOT EXISTS dictionaries_parent_id_idx ON dictionaries (parent_id);
CREATE INDEX IF NOT EXISTS organizations_parent_id_idx ON organizations (parent_id);
CREATE INDEX IF NOT EXISTS accounts_person_id_idx ON accounts (person_id);
CREATE INDEX IF NOT EXISTS users_account_id_idx ON users (account_id);
CREATE INDEX IF NOT EXISTS users_organization_id_idx ON users (organization_id);
CREATE INDEX IF NOT EXISTS persons_firstname_trgm_idx ON persons USING gin (firstname gin_trgm_ops);
CREATE INDEX IF NOT EXISTS persons_lastname_trgm_idx ON persons USING gin (lastname gin_trgm_ops);
