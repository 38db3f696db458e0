-- Phase 3, end: foreign keys of course_students and education_group_students.
-- A node of the migration graph (Assets/plan/30_migration.yaml `reads:`/`writes:`); the
-- rationale for building keys after the load is in 80_keys_persons.sql.
-- Locks course_students, courses, students, education_group_students, education_groups;
-- 83 locks accounts, persons, users, organizations, teachers: disjoint, so they may run side by side.
-- Re-runnable: constraints dropped and re-added, indexes IF NOT EXISTS. One transaction.

SET LOCAL client_min_messages = warning;  -- no 'constraint does not exist, skipping' notices
SET LOCAL maintenance_work_mem = '256MB';
SET LOCAL work_mem = '64MB';

ALTER TABLE course_students
    DROP CONSTRAINT IF EXISTS course_students_course_id_fkey,
    DROP CONSTRAINT IF EXISTS course_students_student_id_fkey,
    ADD CONSTRAINT course_students_course_id_fkey FOREIGN KEY (course_id) REFERENCES courses (id),
    ADD CONSTRAINT course_students_student_id_fkey FOREIGN KEY (student_id) REFERENCES students (id);
ALTER TABLE education_group_students
    DROP CONSTRAINT IF EXISTS education_group_students_education_group_id_fkey,
    DROP CONSTRAINT IF EXISTS education_group_students_student_id_fkey,
    ADD CONSTRAINT education_group_students_education_group_id_fkey FOREIGN KEY (education_group_id) REFERENCES education_groups (id),
    ADD CONSTRAINT education_group_students_student_id_fkey FOREIGN KEY (student_id) REFERENCES students (id);
