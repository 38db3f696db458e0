-- Wave test: the next wave sees what the previous one committed.
CREATE TABLE wave_after AS SELECT (SELECT count(*) FROM wave_a) + (SELECT count(*) FROM wave_b) AS n;
