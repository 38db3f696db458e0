-- Tables for the error tests: a unique key to violate.
CREATE TABLE uniq (id int PRIMARY KEY, name text);
INSERT INTO uniq VALUES (1, 'first');
