-- Wave test: records which backend ran it.
CREATE TABLE wave_b AS SELECT pg_backend_pid() AS pid;
