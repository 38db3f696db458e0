-- Phase 3: FK indexes of dictionaries and organizations.
-- A node of the migration graph (Assets/plan/30_migration.yaml: reads/writes); the rationale
-- for building keys after the load is in 80_keys_persons.sql.
-- Re-runnable: the primary key added when missing, indexes IF NOT EXISTS. One transaction.

SET LOCAL client_min_messages = warning;  -- no 'constraint does not exist, skipping' notices
SET LOCAL maintenance_work_mem = '256MB';
SET LOCAL work_mem = '64MB';

CREATE INDEX IF NOT EXISTS dictionaries_type_id_idx ON dictionaries (type_id);
CREATE INDEX IF NOT EXISTS dictionaries_parent_id_idx ON dictionaries (parent_id);
CREATE INDEX IF NOT EXISTS organizations_parent_id_idx ON organizations (parent_id);
