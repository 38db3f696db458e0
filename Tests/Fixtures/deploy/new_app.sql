-- A tiny new-schema database for the deployment tests.
CREATE TABLE teachers (id integer PRIMARY KEY, person_id integer, employee_id text, status text);
CREATE TABLE education_groups (id integer PRIMARY KEY, name text, is_active boolean);
CREATE TABLE courses (id integer PRIMARY KEY, code text, status text);
INSERT INTO teachers SELECT g, g, 'E' || g, 'active' FROM generate_series(1, 7) g;
INSERT INTO education_groups SELECT g, 'New group ' || g, true FROM generate_series(1, 3) g;
INSERT INTO courses SELECT g, 'NC' || g, 'active' FROM generate_series(1, 5) g;
