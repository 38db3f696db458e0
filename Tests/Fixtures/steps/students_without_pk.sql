-- The tiny legacy database's students without a primary key: id 1 twice (the copy after the
-- original) and one row without id. Run on the legacy side before a transfer test.
ALTER TABLE students DROP CONSTRAINT students_pkey;
ALTER TABLE students ALTER COLUMN id DROP NOT NULL, ALTER COLUMN id DROP DEFAULT;
INSERT INTO students (id, person_id, card_number) SELECT id, person_id, 'second-' || card_number FROM students WHERE id = 1;
INSERT INTO students (id, person_id, card_number) VALUES (NULL, 2, 'no-id');
