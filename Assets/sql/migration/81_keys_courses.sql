-- Phase 3: primary keys and FK indexes of education_groups, subjects, courses, course_teachers.
-- A node of the migration graph (Assets/plan/30_migration.yaml: reads/writes); the rationale
-- for building keys after the load is in 80_keys_persons.sql.
-- Re-runnable: the primary key added when missing, indexes IF NOT EXISTS. One transaction.

SET LOCAL client_min_messages = warning;  -- no 'constraint does not exist, skipping' notices
SET LOCAL maintenance_work_mem = '256MB';
SET LOCAL work_mem = '64MB';

SELECT migration_audit.ensure_primary_key('education_groups');
CREATE INDEX IF NOT EXISTS education_groups_organization_id_idx ON education_groups (organization_id);
CREATE INDEX IF NOT EXISTS education_groups_academic_year_id_idx ON education_groups (academic_year_id);
CREATE INDEX IF NOT EXISTS education_groups_tutor_id_idx ON education_groups (tutor_id);
SELECT migration_audit.ensure_primary_key('subjects');
SELECT migration_audit.ensure_primary_key('courses');
CREATE INDEX IF NOT EXISTS courses_subject_id_idx ON courses (subject_id);
CREATE INDEX IF NOT EXISTS courses_academic_year_id_idx ON courses (academic_year_id);
SELECT migration_audit.ensure_primary_key('course_teachers');
CREATE INDEX IF NOT EXISTS course_teachers_course_id_idx ON course_teachers (course_id);
CREATE INDEX IF NOT EXISTS course_teachers_teacher_id_idx ON course_teachers (teacher_id);
