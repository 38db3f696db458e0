-- Phase 3, before the loads: drops the keys, foreign keys and indexes that an earlier run of
-- migration/80-84 built, so that phase 3 can run again on a loaded database (the final sync in the
-- maintenance window re-runs phases 3 and 4 against the frozen legacy database). Without this the
-- loads' TRUNCATE fails on the foreign keys pointing at their tables, and each inserted row would
-- pay for every index (see 80_keys_persons.sql: 33 s instead of 9 s for persons at 500k).
-- Phase 2's keys of the small reference tables (target/03_indexes_constraints.sql, and the
-- primary keys the core schema declares on them) stay: only what 80-84 create is dropped:
-- every foreign key in schema public, and every constraint and index of the bulk tables.
-- A no-op on the first run. One transaction; migration/80-84 build everything again.
SET LOCAL client_min_messages = warning;

DO $$
DECLARE
    r record;
    bulk text[] := ARRAY['persons', 'accounts', 'users', 'students', 'teachers', 'education_groups', 'subjects',
                         'courses', 'course_teachers', 'course_students', 'education_group_students'];
BEGIN
    FOR r IN SELECT c.conname, t.relname
               FROM pg_constraint c
               JOIN pg_class t ON t.oid = c.conrelid
               JOIN pg_namespace n ON n.oid = t.relnamespace
              WHERE n.nspname = 'public' AND c.contype = 'f'
    LOOP
        EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT IF EXISTS %I', r.relname, r.conname);
    END LOOP;
    FOR r IN SELECT c.conname, t.relname
               FROM pg_constraint c
               JOIN pg_class t ON t.oid = c.conrelid
               JOIN pg_namespace n ON n.oid = t.relnamespace
              WHERE n.nspname = 'public' AND c.contype IN ('p', 'u') AND t.relname = ANY(bulk)
    LOOP
        EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT IF EXISTS %I', r.relname, r.conname);
    END LOOP;
    FOR r IN SELECT i.relname AS index_name
               FROM pg_index x
               JOIN pg_class i ON i.oid = x.indexrelid
               JOIN pg_class t ON t.oid = x.indrelid
               JOIN pg_namespace n ON n.oid = t.relnamespace
              WHERE n.nspname = 'public' AND t.relname = ANY(bulk)
    LOOP
        EXECUTE format('DROP INDEX IF EXISTS public.%I', r.index_name);
    END LOOP;
END $$;
