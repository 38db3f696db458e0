-- Wave test: records which backend ran it.
CREATE TABLE wave_a AS SELECT pg_backend_pid() AS pid;
