-- Phase 3, last step: every identity sequence set past the highest migrated id (legacy ids were
-- kept, so the next id the application allocates must not collide), then statistics for the
-- planner (validation and the Day-17 performance queries run right after).
-- setval(seq, max + 1, false): the next nextval() returns max + 1; greatest(…, 0) (NULL is
-- ignored) keeps it valid on empty tables and on tables whose legacy ids are all 0 or negative
-- (placeholder rows): sequences start at 1. An id at bigint's maximum leaves the sequence at
-- its end (the next nextval() fails with "reached maximum value"; max + 1 would overflow here).
-- Idempotent.

DO $$
DECLARE
    t text;
    max_id bigint;
BEGIN
    FOREACH t IN ARRAY ARRAY['dictionary_types', 'dictionaries', 'organizations', 'academic_years', 'persons',
                             'accounts', 'users', 'students', 'teachers', 'education_groups', 'subjects',
                             'courses', 'course_teachers', 'course_students', 'education_group_students'] LOOP
        EXECUTE format('SELECT max(id) FROM public.%I', t) INTO max_id;
        IF max_id = 9223372036854775807 THEN
            PERFORM setval(pg_get_serial_sequence('public.' || t, 'id'), max_id, true);
        ELSE
            PERFORM setval(pg_get_serial_sequence('public.' || t, 'id'), greatest(max_id, 0) + 1, false);
        END IF;
    END LOOP;
END $$;

-- Only what is not analyzed yet: every load (migration/11, 12, 20 … 35) ends with ANALYZE of its
-- own target table, and migration/80-84 write no rows. Left for here:
-- persons/accounts (their loads analyze only id, the join key of the later loads; the whole
-- table here also gathers the expression index statistics of lower(pincode) / lower(username)
-- from 80), the ledgers (the loads analyze only the lookup columns of rejected_rows, not its
-- row_data jsonb, and never nulled_values / renamed_values), and the two small tables whose
-- loads (10, 13) do not analyze them. Re-analyzing all 15 target tables re-sampled unchanged
-- tables (0.7 s of 9.8 s at 50k persons).
ANALYZE public.dictionary_types, public.academic_years, public.persons, public.accounts,
        migration_audit.rejected_rows, migration_audit.merged_rows,
        migration_audit.nulled_values, migration_audit.renamed_values;
