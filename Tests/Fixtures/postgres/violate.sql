-- Violates the primary key of uniq from inside PL/pgSQL, so the error has a CONTEXT.
DO $$ BEGIN EXECUTE format('INSERT INTO uniq VALUES (%s, %L)', 1, 'again'); END $$;
