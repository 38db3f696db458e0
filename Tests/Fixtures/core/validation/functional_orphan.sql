-- The tables the guide's Day-16 join tests read, without foreign keys, holding one student whose
-- person does not exist: 'Student-Person Join Test' counts 2 of 3 students; every other test
-- matches its expectation.
CREATE TABLE persons (id bigint PRIMARY KEY);
CREATE TABLE students (id bigint PRIMARY KEY, person_id bigint);
CREATE TABLE teachers (id bigint PRIMARY KEY, person_id bigint);
CREATE TABLE accounts (id bigint PRIMARY KEY, person_id bigint);
CREATE TABLE users (id bigint PRIMARY KEY, account_id bigint);
CREATE TABLE education_groups (id bigint PRIMARY KEY);
CREATE TABLE education_group_students (education_group_id bigint, student_id bigint, status text);
CREATE TABLE courses (id bigint PRIMARY KEY);
CREATE TABLE course_students (course_id bigint, student_id bigint);
INSERT INTO persons VALUES (1), (2), (3);
INSERT INTO students VALUES (1, 1), (2, 2), (3, 99);
INSERT INTO teachers VALUES (1, 3);
INSERT INTO accounts VALUES (1, 1), (2, 2);
INSERT INTO users VALUES (1, 1), (2, 2);
INSERT INTO education_groups VALUES (1);
INSERT INTO education_group_students VALUES (1, 1, 'active'), (1, 2, 'inactive');
INSERT INTO courses VALUES (1);
INSERT INTO course_students VALUES (1, 1), (1, 2);
