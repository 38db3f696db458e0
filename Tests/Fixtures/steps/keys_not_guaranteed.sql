-- Two ways a legacy id can repeat although the catalog shows a unique index on it; run on the
-- tiny legacy database before a transfer test (the INVALID index is made by the test itself:
-- CREATE INDEX CONCURRENTLY cannot run inside this file's transaction).
-- students: no primary key, id 1 twice (the copy after the original).
ALTER TABLE students DROP CONSTRAINT students_pkey;
INSERT INTO students (id, person_id, card_number) SELECT id, person_id, 'second-' || card_number FROM students WHERE id = 1;
-- persons: an inheritance child holding a second row with id 5 (the parent's key does not
-- cover it, but a copy of the parent reads it).
CREATE TABLE persons_archive () INHERITS (persons);
INSERT INTO persons_archive SELECT * FROM ONLY persons WHERE id = 5;
UPDATE persons_archive SET firstname = 'archived-' || coalesce(firstname, '');
