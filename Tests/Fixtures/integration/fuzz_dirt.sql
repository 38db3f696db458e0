-- Random dirt within DESIGN.md's types, fixed seed (IntegrationTests FuzzDirtTests): NULLs, blanks,
-- junk and odd spellings in text columns, out-of-range and dangling numbers in id/flag columns,
-- copied pincodes and usernames, 'infinity' timestamps. Every run of phases 1-4 must pass on it.
SELECT setseed(0.42);
CREATE TEMP TABLE junk(t text);
INSERT INTO junk VALUES (NULL), (''), ('   '), (E'\t'), ('N/A'), ('0'), ('-1'), ('2020-02-30'), ('31.12.1899'),
  ('1999-12-31 23:59:60'), ('2021-06-15T10:00:00Z'), ('15/06/2021'), ('6/7/2021'), ('20210615'), ('June 5, 2021'),
  ('0000-00-00'), ('9999-99-99'), ('Əli'), ('İLKİN'), (E'line\nbreak'), ('x'), (repeat('z', 90)), ('2021-13-13'), ('01.01.2100'), ('01.01.2101');
CREATE TEMP TABLE n(v int);
INSERT INTO n VALUES (NULL), (0), (-1), (1), (2), (3), (7), (2147483647), (-2147483648), (999999);
CREATE FUNCTION pg_temp.j() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT t FROM junk ORDER BY random() LIMIT 1 $$;
CREATE FUNCTION pg_temp.k() RETURNS int LANGUAGE sql VOLATILE AS $$ SELECT v FROM n ORDER BY random() LIMIT 1 $$;
UPDATE persons SET firstname = left(pg_temp.j(), 100) WHERE random() < 0.03;
UPDATE persons SET lastname = left(pg_temp.j(), 100) WHERE random() < 0.03;
UPDATE persons SET pincode = left(coalesce(pg_temp.j(), ' ') || pincode, 20) WHERE random() < 0.05;
UPDATE persons SET pincode = (SELECT pincode FROM persons p2 WHERE p2.id = persons.id - 1) WHERE random() < 0.03;
UPDATE persons SET gender_id = pg_temp.k(), citizenship_id = pg_temp.k() WHERE random() < 0.05;
UPDATE persons SET birthdate = NULL WHERE random() < 0.03;
UPDATE accounts SET username = left(pg_temp.j(), 100) WHERE random() < 0.03;
UPDATE accounts SET username = upper(username) WHERE random() < 0.05;
UPDATE accounts SET username = (SELECT username FROM accounts a2 WHERE a2.id = accounts.id - 3) WHERE random() < 0.03;
UPDATE accounts SET person_id = pg_temp.k() WHERE random() < 0.02;
UPDATE accounts SET activity_status = pg_temp.k() % 3 WHERE random() < 0.05;
UPDATE users SET account_id = pg_temp.k() WHERE random() < 0.02;
UPDATE users SET organization_id = pg_temp.k(), user_type = pg_temp.k() % 10, is_blocked = pg_temp.k() % 5 WHERE random() < 0.05;
UPDATE students SET person_id = pg_temp.k() WHERE random() < 0.02;
UPDATE students SET user_id = pg_temp.k(), org_id = pg_temp.k() WHERE random() < 0.03;
UPDATE students SET card_number = left(pg_temp.j(), 50) WHERE random() < 0.05;
UPDATE students SET in_order_date = left(pg_temp.j(), 50), active = pg_temp.k() % 4 WHERE random() < 0.1;
UPDATE teachers SET person_id = pg_temp.k(), in_action_date = left(pg_temp.j(), 50) WHERE random() < 0.05;
UPDATE teachers SET card_number = left(pg_temp.j(), 50), position_id = pg_temp.k() WHERE random() < 0.05;
UPDATE education_group SET name = left(pg_temp.j(), 100), tyutor_id = pg_temp.k(), education_year_id = pg_temp.k() WHERE random() < 0.1;
UPDATE education_group SET organization_id = pg_temp.k(), active = pg_temp.k() % 3 WHERE random() < 0.05;
UPDATE education_plan_subject SET subject_id = pg_temp.k(), credits = pg_temp.k(), name_az = left(pg_temp.j(), 100) WHERE random() < 0.1;
UPDATE education_plan_subject SET code = left(pg_temp.j(), 20) WHERE random() < 0.1;
UPDATE course SET education_plan_subject_id = pg_temp.k(), education_year_id = pg_temp.k() WHERE random() < 0.1;
UPDATE course SET m_hours = pg_temp.k(), s_hours = pg_temp.k(), student_count = pg_temp.k(), start_date = left(pg_temp.j(), 50) WHERE random() < 0.1;
UPDATE course SET code = left(pg_temp.j(), 50), semester_id = pg_temp.k(), active = pg_temp.k() % 3 WHERE random() < 0.1;
UPDATE course_teacher SET course_id = pg_temp.k(), teacher_id = pg_temp.k() WHERE random() < 0.05;
UPDATE course_student SET course_id = pg_temp.k() WHERE random() < 0.02;
UPDATE course_student SET student_id = pg_temp.k(), active = pg_temp.k() % 3 WHERE random() < 0.02;
UPDATE education_group_student SET education_group_id = pg_temp.k(), student_id = pg_temp.k() WHERE random() < 0.03;
UPDATE dictionaries SET type_id = pg_temp.k(), parent_id = pg_temp.k(), name_az = left(pg_temp.j(), 100) WHERE random() < 0.1;
UPDATE organizations SET parent_id = pg_temp.k(), name_az = left(pg_temp.j(), 100), type_id = pg_temp.k() WHERE random() < 0.1;
UPDATE organizations SET create_date = 'infinity' WHERE random() < 0.05;
UPDATE course SET create_date = CASE WHEN random() < 0.5 THEN 'infinity'::timestamp ELSE '0001-01-01'::timestamp END WHERE random() < 0.05;
