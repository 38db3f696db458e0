-- Wave test: a long statement after a write; cancelled when its sibling fails.
CREATE TABLE wave_slow (x int);
SELECT pg_sleep(30);
