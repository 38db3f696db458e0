-- Phase 3, end: foreign keys of accounts, users and teachers.
-- A node of the migration graph (Assets/plan/30_migration.yaml `reads:`/`writes:`); the
-- rationale for building keys after the load is in 80_keys_persons.sql.
-- Locks accounts, persons, users, organizations, teachers (82's tables are disjoint from these).
-- Re-runnable: constraints dropped and re-added, indexes IF NOT EXISTS. One transaction.

SET LOCAL client_min_messages = warning;  -- no 'constraint does not exist, skipping' notices
SET LOCAL maintenance_work_mem = '256MB';
SET LOCAL work_mem = '64MB';

ALTER TABLE accounts
    DROP CONSTRAINT IF EXISTS accounts_person_id_fkey,
    ADD CONSTRAINT accounts_person_id_fkey FOREIGN KEY (person_id) REFERENCES persons (id);
ALTER TABLE users
    DROP CONSTRAINT IF EXISTS users_account_id_fkey,
    DROP CONSTRAINT IF EXISTS users_organization_id_fkey,
    ADD CONSTRAINT users_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id),
    ADD CONSTRAINT users_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);
ALTER TABLE teachers
    DROP CONSTRAINT IF EXISTS teachers_person_id_fkey,
    DROP CONSTRAINT IF EXISTS teachers_user_id_fkey,
    DROP CONSTRAINT IF EXISTS teachers_organization_id_fkey,
    ADD CONSTRAINT teachers_person_id_fkey FOREIGN KEY (person_id) REFERENCES persons (id),
    ADD CONSTRAINT teachers_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id),
    ADD CONSTRAINT teachers_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);
