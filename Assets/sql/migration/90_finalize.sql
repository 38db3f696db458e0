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

-- Target tables (after migration/80_indexes_constraints.sql: also gathers the expression-index statistics
-- of lower(pincode) / lower(username)) and the ledger; the big staging tables are not analyzed.
ANALYZE public.dictionary_types, public.dictionaries, public.organizations, public.academic_years,
        public.persons, public.accounts, public.users, public.students, public.teachers,
        public.education_groups, public.subjects, public.courses, public.course_teachers,
        public.course_students, public.education_group_students,
        migration_audit.merged_rows, migration_audit.rejected_rows, migration_audit.nulled_values,
        migration_audit.renamed_values;
