-- Phase 3: trigram name indexes of persons (GIN; the costliest build, beside the next loads: a SHARE lock lets them read persons).
-- A node of the migration graph (Assets/plan/30_migration.yaml: reads/writes); the rationale
-- for building keys after the load is in 80_keys_persons.sql.
-- Re-runnable: the primary key added when missing, indexes IF NOT EXISTS. One transaction.

SET LOCAL client_min_messages = warning;  -- no 'constraint does not exist, skipping' notices
SET LOCAL maintenance_work_mem = '256MB';
SET LOCAL work_mem = '64MB';

CREATE INDEX IF NOT EXISTS persons_firstname_trgm_idx ON persons USING gin (firstname gin_trgm_ops);
CREATE INDEX IF NOT EXISTS persons_lastname_trgm_idx ON persons USING gin (lastname gin_trgm_ops);
