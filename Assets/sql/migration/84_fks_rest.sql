-- Phase 3, end: the remaining foreign keys (dictionaries, organizations, students, groups, courses, course_teachers).
-- A node of the migration graph (Assets/plan/30_migration.yaml `reads:`/`writes:`); the
-- rationale for building keys after the load is in 80_keys_persons.sql.
-- After 82 and 83 wherever their tables overlap (the graph orders them by `<table>.ddl`).
-- Re-runnable: constraints dropped and re-added, indexes IF NOT EXISTS. One transaction.

SET LOCAL client_min_messages = warning;  -- no 'constraint does not exist, skipping' notices
SET LOCAL maintenance_work_mem = '256MB';
SET LOCAL work_mem = '64MB';

ALTER TABLE dictionaries
    DROP CONSTRAINT IF EXISTS dictionaries_type_id_fkey,
    DROP CONSTRAINT IF EXISTS dictionaries_parent_id_fkey,
    ADD CONSTRAINT dictionaries_type_id_fkey FOREIGN KEY (type_id) REFERENCES dictionary_types (id),
    ADD CONSTRAINT dictionaries_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES dictionaries (id);
ALTER TABLE organizations
    DROP CONSTRAINT IF EXISTS organizations_parent_id_fkey,
    ADD CONSTRAINT organizations_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES organizations (id);
ALTER TABLE students
    DROP CONSTRAINT IF EXISTS students_person_id_fkey,
    DROP CONSTRAINT IF EXISTS students_user_id_fkey,
    DROP CONSTRAINT IF EXISTS students_organization_id_fkey,
    ADD CONSTRAINT students_person_id_fkey FOREIGN KEY (person_id) REFERENCES persons (id),
    ADD CONSTRAINT students_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id),
    ADD CONSTRAINT students_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);
ALTER TABLE education_groups
    DROP CONSTRAINT IF EXISTS education_groups_organization_id_fkey,
    DROP CONSTRAINT IF EXISTS education_groups_academic_year_id_fkey,
    DROP CONSTRAINT IF EXISTS education_groups_tutor_id_fkey,
    ADD CONSTRAINT education_groups_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id),
    ADD CONSTRAINT education_groups_academic_year_id_fkey FOREIGN KEY (academic_year_id) REFERENCES academic_years (id),
    ADD CONSTRAINT education_groups_tutor_id_fkey FOREIGN KEY (tutor_id) REFERENCES teachers (id);
ALTER TABLE courses
    DROP CONSTRAINT IF EXISTS courses_subject_id_fkey,
    DROP CONSTRAINT IF EXISTS courses_academic_year_id_fkey,
    ADD CONSTRAINT courses_subject_id_fkey FOREIGN KEY (subject_id) REFERENCES subjects (id),
    ADD CONSTRAINT courses_academic_year_id_fkey FOREIGN KEY (academic_year_id) REFERENCES academic_years (id);
ALTER TABLE course_teachers
    DROP CONSTRAINT IF EXISTS course_teachers_course_id_fkey,
    DROP CONSTRAINT IF EXISTS course_teachers_teacher_id_fkey,
    ADD CONSTRAINT course_teachers_course_id_fkey FOREIGN KEY (course_id) REFERENCES courses (id),
    ADD CONSTRAINT course_teachers_teacher_id_fkey FOREIGN KEY (teacher_id) REFERENCES teachers (id);
