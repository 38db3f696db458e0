-- edu-migrate seed: the tables written, in name order, for the row counts it prints.
SELECT table_name FROM information_schema.tables
WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
ORDER BY 1
