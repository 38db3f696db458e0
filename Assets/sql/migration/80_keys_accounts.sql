-- Phase 3: primary key, unique case-folded username and person_id index of accounts.
-- A node of the migration graph (Assets/plan/30_migration.yaml: reads/writes); the rationale
-- for building keys after the load is in 80_keys_persons.sql.
-- Re-runnable: the primary key added when missing, indexes IF NOT EXISTS. One transaction.

SET LOCAL client_min_messages = warning;  -- no 'constraint does not exist, skipping' notices
SET LOCAL maintenance_work_mem = '256MB';
SET LOCAL work_mem = '64MB';

SELECT migration_audit.ensure_primary_key('accounts');
CREATE UNIQUE INDEX IF NOT EXISTS accounts_username_norm_key ON accounts (lower(username));
CREATE INDEX IF NOT EXISTS accounts_person_id_idx ON accounts (person_id);
