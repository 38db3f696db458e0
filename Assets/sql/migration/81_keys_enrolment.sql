-- Phase 3, end, wave 1 (beside 80): keys and indexes of students, teachers, groups, subjects, courses and link tables.
-- Part of step migration.indexes-constraints (Assets/plan/30_migration.yaml `waves:`); the
-- rationale for building keys after the load is in 80_keys_people.sql.
-- Runs beside the other file of its wave on a second connection: the two touch disjoint tables.
-- Re-runnable: constraints dropped and re-added, indexes IF NOT EXISTS. One transaction.

SET LOCAL client_min_messages = warning;  -- no 'constraint does not exist, skipping' notices
SET LOCAL maintenance_work_mem = '256MB';
SET LOCAL work_mem = '64MB';

ALTER TABLE students DROP CONSTRAINT IF EXISTS students_pkey CASCADE, ADD CONSTRAINT students_pkey PRIMARY KEY (id);
ALTER TABLE teachers DROP CONSTRAINT IF EXISTS teachers_pkey CASCADE, ADD CONSTRAINT teachers_pkey PRIMARY KEY (id);
ALTER TABLE education_groups DROP CONSTRAINT IF EXISTS education_groups_pkey CASCADE, ADD CONSTRAINT education_groups_pkey PRIMARY KEY (id);
ALTER TABLE subjects DROP CONSTRAINT IF EXISTS subjects_pkey CASCADE, ADD CONSTRAINT subjects_pkey PRIMARY KEY (id);
ALTER TABLE courses DROP CONSTRAINT IF EXISTS courses_pkey CASCADE, ADD CONSTRAINT courses_pkey PRIMARY KEY (id);
ALTER TABLE course_teachers DROP CONSTRAINT IF EXISTS course_teachers_pkey CASCADE, ADD CONSTRAINT course_teachers_pkey PRIMARY KEY (id);
ALTER TABLE course_students DROP CONSTRAINT IF EXISTS course_students_pkey CASCADE, ADD CONSTRAINT course_students_pkey PRIMARY KEY (id);
ALTER TABLE education_group_students DROP CONSTRAINT IF EXISTS education_group_students_pkey CASCADE, ADD CONSTRAINT education_group_students_pkey PRIMARY KEY (id);
CREATE UNIQUE INDEX IF NOT EXISTS students_student_id_number_key ON students (student_id_number);
CREATE INDEX IF NOT EXISTS students_person_id_idx ON students (person_id);
CREATE INDEX IF NOT EXISTS students_user_id_idx ON students (user_id);
CREATE INDEX IF NOT EXISTS students_organization_id_idx ON students (organization_id);
CREATE INDEX IF NOT EXISTS teachers_person_id_idx ON teachers (person_id);
CREATE INDEX IF NOT EXISTS teachers_user_id_idx ON teachers (user_id);
CREATE INDEX IF NOT EXISTS teachers_organization_id_idx ON teachers (organization_id);
CREATE INDEX IF NOT EXISTS education_groups_organization_id_idx ON education_groups (organization_id);
CREATE INDEX IF NOT EXISTS education_groups_academic_year_id_idx ON education_groups (academic_year_id);
CREATE INDEX IF NOT EXISTS education_groups_tutor_id_idx ON education_groups (tutor_id);
CREATE INDEX IF NOT EXISTS courses_subject_id_idx ON courses (subject_id);
CREATE INDEX IF NOT EXISTS courses_academic_year_id_idx ON courses (academic_year_id);
CREATE INDEX IF NOT EXISTS course_teachers_course_id_idx ON course_teachers (course_id);
CREATE INDEX IF NOT EXISTS course_teachers_teacher_id_idx ON course_teachers (teacher_id);
CREATE INDEX IF NOT EXISTS course_students_course_id_idx ON course_students (course_id);
CREATE INDEX IF NOT EXISTS course_students_student_id_idx ON course_students (student_id);
CREATE INDEX IF NOT EXISTS education_group_students_education_group_id_idx ON education_group_students (education_group_id);
CREATE INDEX IF NOT EXISTS education_group_students_student_id_idx ON education_group_students (student_id);
