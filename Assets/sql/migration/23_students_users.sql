-- students.user_id -> users, once users are loaded: a user missing from legacy users or rejected
-- there is set to NULL and recorded in nulled_values (the rule 23_students.sql applied in one pass
-- before the load was split: see its header). Touches only the students whose user is not in
-- the new users table (a few %); the students' other columns are not read again.
-- One transaction (run by the core); idempotent: deletes its own ledger rows first, and a second
-- run finds nothing left to NULL, so the rows recorded by the first are re-read from staging.

SET LOCAL work_mem = '64MB';
SET LOCAL enable_nestloop = off;  -- no indexes here; a bad estimate must not make a join quadratic

DELETE FROM migration_audit.nulled_values WHERE source_table = 'students' AND column_name = 'user_id';

UPDATE public.students st SET user_id = NULL
FROM (SELECT t.id FROM public.students t LEFT JOIN public.users u ON u.id = t.user_id
      WHERE t.user_id IS NOT NULL AND u.id IS NULL) x
WHERE st.id = x.id;

-- Recorded from staging (the legacy value as written), for every migrated student whose legacy
-- user_id is not blank and now NULL: also right when this file runs a second time.
INSERT INTO migration_audit.nulled_values (source_table, source_id, column_name, legacy_value, reason)
SELECT 'students', st.id, 'user_id', s.user_id,
       'user ' || s.user_id ||
       CASE WHEN ru.source_id IS NOT NULL THEN ' was rejected (see rejected_rows users)'
            ELSE ' does not exist in legacy users' END
FROM public.students st
JOIN migration_stage.students s ON s.id::bigint = st.id
LEFT JOIN (SELECT DISTINCT source_id FROM migration_audit.rejected_rows WHERE source_table = 'users') ru
       ON ru.source_id = s.user_id::bigint
WHERE st.user_id IS NULL AND s.user_id IS NOT NULL;
