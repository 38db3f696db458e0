-- Phase 3, last step: every identity sequence set past the highest migrated id (legacy ids were
-- kept, so the next id the application allocates must not collide), then statistics for the
-- planner (validation and the Day-17 performance queries run right after).
-- setval(seq, max + 1, false): the next nextval() returns max + 1; works on empty tables too.
-- Idempotent.

SELECT setval('dictionary_types_id_seq', coalesce((SELECT max(id) FROM public.dictionary_types), 0) + 1, false);
SELECT setval('dictionaries_id_seq', coalesce((SELECT max(id) FROM public.dictionaries), 0) + 1, false);
SELECT setval('organizations_id_seq', coalesce((SELECT max(id) FROM public.organizations), 0) + 1, false);
SELECT setval('academic_years_id_seq', coalesce((SELECT max(id) FROM public.academic_years), 0) + 1, false);
SELECT setval('persons_id_seq', coalesce((SELECT max(id) FROM public.persons), 0) + 1, false);
SELECT setval('accounts_id_seq', coalesce((SELECT max(id) FROM public.accounts), 0) + 1, false);
SELECT setval('users_id_seq', coalesce((SELECT max(id) FROM public.users), 0) + 1, false);
SELECT setval('students_id_seq', coalesce((SELECT max(id) FROM public.students), 0) + 1, false);
SELECT setval('teachers_id_seq', coalesce((SELECT max(id) FROM public.teachers), 0) + 1, false);
SELECT setval('education_groups_id_seq', coalesce((SELECT max(id) FROM public.education_groups), 0) + 1, false);
SELECT setval('subjects_id_seq', coalesce((SELECT max(id) FROM public.subjects), 0) + 1, false);
SELECT setval('courses_id_seq', coalesce((SELECT max(id) FROM public.courses), 0) + 1, false);
SELECT setval('course_teachers_id_seq', coalesce((SELECT max(id) FROM public.course_teachers), 0) + 1, false);
SELECT setval('course_students_id_seq', coalesce((SELECT max(id) FROM public.course_students), 0) + 1, false);
SELECT setval('education_group_students_id_seq', coalesce((SELECT max(id) FROM public.education_group_students), 0) + 1, false);

-- Only what changed since it was last analyzed: every load (migration/11, 12, 20 … 35) already ends with
-- ANALYZE of its own target table and of rejected_rows/merged_rows (the last load, 35, ran after
-- every other ledger write), and migration/80_indexes_constraints.sql writes no rows. What is new:
-- the expression indexes lower(pincode) / lower(username) from 80 (their statistics are gathered
-- by a whole-table ANALYZE of persons / accounts), the two ledgers no load analyzes, and the
-- two small tables whose loads (10, 13) do not analyze them. Re-analyzing all 15 target tables
-- re-sampled unchanged tables (0.7 s of 9.8 s at 50k persons).
ANALYZE public.dictionary_types, public.academic_years, public.persons, public.accounts,
        migration_audit.nulled_values, migration_audit.renamed_values;
