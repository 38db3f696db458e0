-- Rows written test: the live panel counts what the INSERTs wrote, not the statements.
CREATE TABLE people (id int);  -- a comment beside the code
-- Load people
INSERT INTO people SELECT g FROM generate_series(1, 40) g;
SELECT count(*) FROM people;
INSERT INTO people SELECT g FROM generate_series(41, 42) g;
