-- Phase 3, end: keys, indexes and constraints of the bulk tables — primary keys, unique keys
-- (normalized pincode, case-folded username, student number), every foreign key (VALID), an
-- index on every FK column, trigram indexes on person names.
--
-- WHEN: after the data loads (migration/10 … 35), before migration/90_finalize.sql — the order
-- pg_restore uses (tables, data, then keys). target/03_indexes_constraints.sql (phase 2) keeps only
-- what costs nothing during the load (keys of the small reference tables).
-- Measured at 500k persons (persons load, same machine and minute): 33.2 s with the PK and the
-- unique pincode index in place, 15.1 s without the unique index, 9.4 s without either; with FKs
-- in place each inserted row would also pay one RI trigger call per FK. Building each index once
-- by sort and checking each FK with one anti-join is far cheaper. Correctness does not depend on
-- the keys existing during the load: the loads dedup and reject themselves, and this step fails
-- with the constraint named if any of them let a duplicate or an orphan through.
-- Dictionary attribute columns (gender_id, citizenship_id, position_id, type_id of organizations,
-- education_level/type, language, semester) get no FK: legacy dictionaries are one generic lookup
-- table whose type is not part of the reference, so a FK would not check the meaningful thing.
-- Re-runnable: constraints dropped and re-added, indexes IF NOT EXISTS. One transaction.
-- Once it ran, a migration/NN load can be re-run only after the FKs pointing at its table are
-- dropped (its DELETE would violate them); re-run this file afterwards.

SET LOCAL client_min_messages = warning;  -- no 'constraint does not exist, skipping' notices
SET LOCAL maintenance_work_mem = '256MB';
SET LOCAL work_mem = '64MB';

-- Primary keys of the bulk tables (legacy ids kept; the four reference tables have theirs
-- from target/01_reference_tables.sql).
ALTER TABLE persons DROP CONSTRAINT IF EXISTS persons_pkey CASCADE, ADD CONSTRAINT persons_pkey PRIMARY KEY (id);
ALTER TABLE accounts DROP CONSTRAINT IF EXISTS accounts_pkey CASCADE, ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_pkey CASCADE, ADD CONSTRAINT users_pkey PRIMARY KEY (id);
ALTER TABLE students DROP CONSTRAINT IF EXISTS students_pkey CASCADE, ADD CONSTRAINT students_pkey PRIMARY KEY (id);
ALTER TABLE teachers DROP CONSTRAINT IF EXISTS teachers_pkey CASCADE, ADD CONSTRAINT teachers_pkey PRIMARY KEY (id);
ALTER TABLE education_groups DROP CONSTRAINT IF EXISTS education_groups_pkey CASCADE, ADD CONSTRAINT education_groups_pkey PRIMARY KEY (id);
ALTER TABLE subjects DROP CONSTRAINT IF EXISTS subjects_pkey CASCADE, ADD CONSTRAINT subjects_pkey PRIMARY KEY (id);
ALTER TABLE courses DROP CONSTRAINT IF EXISTS courses_pkey CASCADE, ADD CONSTRAINT courses_pkey PRIMARY KEY (id);
ALTER TABLE course_teachers DROP CONSTRAINT IF EXISTS course_teachers_pkey CASCADE, ADD CONSTRAINT course_teachers_pkey PRIMARY KEY (id);
ALTER TABLE course_students DROP CONSTRAINT IF EXISTS course_students_pkey CASCADE, ADD CONSTRAINT course_students_pkey PRIMARY KEY (id);
ALTER TABLE education_group_students DROP CONSTRAINT IF EXISTS education_group_students_pkey CASCADE, ADD CONSTRAINT education_group_students_pkey PRIMARY KEY (id);

-- Unique keys. Normalized pincode: stored trimmed and upper-cased (migration/20_persons.sql),
-- compared case-folded. Case-folded username. Student number.
CREATE UNIQUE INDEX IF NOT EXISTS persons_pincode_norm_key ON persons (lower(pincode));
CREATE UNIQUE INDEX IF NOT EXISTS accounts_username_norm_key ON accounts (lower(username));
CREATE UNIQUE INDEX IF NOT EXISTS students_student_id_number_key ON students (student_id_number);

-- Index on every FK column.
CREATE INDEX IF NOT EXISTS dictionaries_type_id_idx ON dictionaries (type_id);
CREATE INDEX IF NOT EXISTS dictionaries_parent_id_idx ON dictionaries (parent_id);
CREATE INDEX IF NOT EXISTS organizations_parent_id_idx ON organizations (parent_id);
CREATE INDEX IF NOT EXISTS accounts_person_id_idx ON accounts (person_id);
CREATE INDEX IF NOT EXISTS users_account_id_idx ON users (account_id);
CREATE INDEX IF NOT EXISTS users_organization_id_idx ON users (organization_id);
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

-- Trigram indexes for name search (pg_trgm is created with the database in phase 2).
CREATE INDEX IF NOT EXISTS persons_firstname_trgm_idx ON persons USING gin (firstname gin_trgm_ops);
CREATE INDEX IF NOT EXISTS persons_lastname_trgm_idx ON persons USING gin (lastname gin_trgm_ops);

-- Foreign keys (one ALTER per table: the table is scanned/locked once).
ALTER TABLE dictionaries
    DROP CONSTRAINT IF EXISTS dictionaries_type_id_fkey,
    DROP CONSTRAINT IF EXISTS dictionaries_parent_id_fkey,
    ADD CONSTRAINT dictionaries_type_id_fkey FOREIGN KEY (type_id) REFERENCES dictionary_types (id),
    ADD CONSTRAINT dictionaries_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES dictionaries (id);
ALTER TABLE organizations
    DROP CONSTRAINT IF EXISTS organizations_parent_id_fkey,
    ADD CONSTRAINT organizations_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES organizations (id);
ALTER TABLE accounts
    DROP CONSTRAINT IF EXISTS accounts_person_id_fkey,
    ADD CONSTRAINT accounts_person_id_fkey FOREIGN KEY (person_id) REFERENCES persons (id);
ALTER TABLE users
    DROP CONSTRAINT IF EXISTS users_account_id_fkey,
    DROP CONSTRAINT IF EXISTS users_organization_id_fkey,
    ADD CONSTRAINT users_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id),
    ADD CONSTRAINT users_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);
ALTER TABLE students
    DROP CONSTRAINT IF EXISTS students_person_id_fkey,
    DROP CONSTRAINT IF EXISTS students_user_id_fkey,
    DROP CONSTRAINT IF EXISTS students_organization_id_fkey,
    ADD CONSTRAINT students_person_id_fkey FOREIGN KEY (person_id) REFERENCES persons (id),
    ADD CONSTRAINT students_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id),
    ADD CONSTRAINT students_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);
ALTER TABLE teachers
    DROP CONSTRAINT IF EXISTS teachers_person_id_fkey,
    DROP CONSTRAINT IF EXISTS teachers_user_id_fkey,
    DROP CONSTRAINT IF EXISTS teachers_organization_id_fkey,
    ADD CONSTRAINT teachers_person_id_fkey FOREIGN KEY (person_id) REFERENCES persons (id),
    ADD CONSTRAINT teachers_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id),
    ADD CONSTRAINT teachers_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);
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
