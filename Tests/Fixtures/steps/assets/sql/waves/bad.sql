-- Wave test: fails after a moment.
SELECT pg_sleep(0.3);
SELECT 1 / 0;
