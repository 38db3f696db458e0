-- Phase 3: primary key, unique student number and FK indexes of students.
-- A node of the migration graph (Assets/plan/30_migration.yaml: reads/writes); the rationale
-- for building keys after the load is in 80_keys_persons.sql.
-- Re-runnable: the primary key added when missing, indexes IF NOT EXISTS. One transaction.

SET LOCAL client_min_messages = warning;  -- no 'constraint does not exist, skipping' notices
SET LOCAL maintenance_work_mem = '256MB';
SET LOCAL work_mem = '64MB';

SELECT migration_audit.ensure_primary_key('students');
CREATE UNIQUE INDEX IF NOT EXISTS students_student_id_number_key ON students (student_id_number);
CREATE INDEX IF NOT EXISTS students_person_id_idx ON students (person_id);
CREATE INDEX IF NOT EXISTS students_user_id_idx ON students (user_id);
CREATE INDEX IF NOT EXISTS students_organization_id_idx ON students (organization_id);
