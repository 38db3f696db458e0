-- Phase 3: primary key and FK indexes of education_group_students.
-- A node of the migration graph (Assets/plan/30_migration.yaml: reads/writes); the rationale
-- for building keys after the load is in 80_keys_persons.sql.
-- Re-runnable: the primary key added when missing, indexes IF NOT EXISTS. One transaction.

SET LOCAL client_min_messages = warning;  -- no 'constraint does not exist, skipping' notices
SET LOCAL maintenance_work_mem = '256MB';
SET LOCAL work_mem = '64MB';

SELECT migration_audit.ensure_primary_key('education_group_students');
CREATE INDEX IF NOT EXISTS education_group_students_education_group_id_idx ON education_group_students (education_group_id);
CREATE INDEX IF NOT EXISTS education_group_students_student_id_idx ON education_group_students (student_id);
