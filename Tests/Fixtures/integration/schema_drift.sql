-- A legacy database that differs from DESIGN.md the way real ones do (IntegrationTests
-- SchemaDriftTests): tables without primary keys holding a repeated and a NULL id, flags stored
-- as text or boolean, numbers and dates stored as text with junk. Marker rows are found by
-- their values ('Drift…') so the test needs no ids from this file.
ALTER TABLE persons DROP CONSTRAINT persons_pkey;
ALTER TABLE persons ALTER COLUMN id DROP NOT NULL;
ALTER TABLE course_student DROP CONSTRAINT course_student_pkey;
ALTER TABLE course_student ALTER COLUMN id DROP NOT NULL;

-- persons: a second row with the lowest id (inserted after it: the first one keeps the id),
-- a row without id; birthdate as text: a real day-first date and an impossible one.
INSERT INTO persons (id, firstname, lastname, pincode)
SELECT min(id), 'DriftDup', 'Second', 'DRIFTPIN1' FROM persons;
INSERT INTO persons (id, firstname, lastname, pincode) VALUES (NULL, 'DriftNull', 'NoId', 'DRIFTPIN2');
ALTER TABLE persons ALTER COLUMN birthdate TYPE varchar(20);
UPDATE persons SET birthdate = '15.06.1985', firstname = 'DriftDate', lastname = 'Drift', pincode = 'DRIFTPIN3'
 WHERE id = (SELECT max(id) FROM persons);
UPDATE persons SET birthdate = '31.02.1990', firstname = 'DriftBadDate', lastname = 'Drift', pincode = 'DRIFTPIN4'
 WHERE id = (SELECT max(id) - 1 FROM persons);

-- course_student: the highest id twice.
INSERT INTO course_student SELECT * FROM course_student WHERE id = (SELECT max(id) FROM course_student);

-- flags: students.active as text with other spellings; accounts.activity_status as boolean.
ALTER TABLE students ALTER COLUMN active TYPE varchar(10);
UPDATE students SET active = 'Y'   WHERE id = (SELECT min(id) FROM students);
UPDATE students SET active = 'yes' WHERE id = (SELECT min(id) + 1 FROM students);
UPDATE students SET active = 'N'   WHERE id = (SELECT min(id) + 2 FROM students);
ALTER TABLE accounts ALTER COLUMN activity_status TYPE boolean USING activity_status = 1;

-- numbers as text: course hours with junk, user_type with blanks.
ALTER TABLE course ALTER COLUMN m_hours TYPE varchar(10);
UPDATE course SET m_hours = 'ten' WHERE id = (SELECT min(id) FROM course);
UPDATE course SET m_hours = ' 30 ' WHERE id = (SELECT min(id) + 1 FROM course);
ALTER TABLE users ALTER COLUMN user_type TYPE varchar(10);
UPDATE users SET user_type = ' 2' WHERE id = (SELECT min(id) FROM users);
UPDATE users SET user_type = 'Student ' WHERE id = (SELECT min(id) + 1 FROM users);

-- dates in two more spellings: compact YYYYMMDD and an English month name.
UPDATE teachers SET in_action_date = '20190901' WHERE id IN (SELECT id FROM teachers ORDER BY id LIMIT 5);
UPDATE teachers SET in_action_date = '15 January 2019' WHERE id IN (SELECT id FROM teachers ORDER BY id OFFSET 5 LIMIT 5);

-- card numbers: two students share one, and a third already holds the number the rename rule
-- (<number>-<id>) would give the second.
WITH ok AS (SELECT s.id, row_number() OVER (ORDER BY s.id) AS n FROM students s
            WHERE EXISTS (SELECT 1 FROM persons p WHERE p.id = s.person_id AND btrim(p.firstname) <> '' AND btrim(p.lastname) <> '')
            ORDER BY s.id LIMIT 3)
UPDATE students s SET card_number = CASE ok.n WHEN 3 THEN 'DRIFTCARD-' || (SELECT id FROM ok WHERE n = 2) ELSE 'DRIFTCARD' END
FROM ok WHERE ok.id = s.id;

-- timestamps no academic year can come from: 'infinity' and year 1.
UPDATE course SET create_date = 'infinity' WHERE id = (SELECT min(id) FROM course WHERE education_year_id IS NOT NULL);
UPDATE education_group SET create_date = '0001-01-01' WHERE id = (SELECT min(id) FROM education_group WHERE education_year_id IS NOT NULL);

-- placeholder ids: every course_teacher id is negative (kept as they are; the identity
-- sequence must still be valid and start above them).
UPDATE course_teacher SET id = -id;
