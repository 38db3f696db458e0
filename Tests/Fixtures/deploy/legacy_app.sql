-- A tiny legacy-shaped database for the deployment tests (the stand-in app's three tables).
CREATE TABLE teachers (id integer PRIMARY KEY, person_id integer, card_number varchar(20), active smallint);
CREATE TABLE education_group (id integer PRIMARY KEY, name varchar(100), active smallint);
CREATE TABLE course (id integer PRIMARY KEY, code varchar(20), active smallint);
INSERT INTO teachers SELECT g, g, 'T' || g, 1 FROM generate_series(1, 7) g;
INSERT INTO education_group SELECT g, 'Group ' || g, 1 FROM generate_series(1, 4) g;
INSERT INTO course SELECT g, 'C' || g, 1 FROM generate_series(1, 60) g;
