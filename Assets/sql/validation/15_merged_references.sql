-- Phase 4, Day 15: nothing references a merged-away row; every reference of a merged legacy row
-- was remapped to its survivor (DESIGN.md: "remapped to its survivor, never dropped"); a legacy
-- row has exactly one outcome.
-- Columns: name, status (pass|fail), evidence.
-- Checks 5-8 read the maps (migration_audit.person_map / account_map: target ids UNION merged_rows)
-- in their cheap form: a legacy id not merged maps to itself when it is in the target, so
-- the reference is compared with coalesce(merged survivor, legacy id); the target lookup (the
-- EXISTS; the CASE makes it run only for a row that already differs, so normally never) keeps
-- rows whose legacy id maps to nothing out of the count, exactly as the inner join with the view
-- did — without hashing all of persons/accounts per check.
WITH mp AS (SELECT source_id, survivor_id FROM migration_audit.merged_rows WHERE source_table = 'persons'),
     ma AS (SELECT source_id, survivor_id FROM migration_audit.merged_rows WHERE source_table = 'accounts'),
     checks AS (
    SELECT 1 AS ord, 'accounts_reference_no_merged_person' AS name,
           (SELECT count(*) FROM accounts a JOIN mp ON mp.source_id = a.person_id) AS bad,
           'accounts whose person_id is a merged-away person' AS what
    UNION ALL
    SELECT 2, 'students_reference_no_merged_person',
           (SELECT count(*) FROM students s JOIN mp ON mp.source_id = s.person_id),
           'students whose person_id is a merged-away person'
    UNION ALL
    SELECT 3, 'teachers_reference_no_merged_person',
           (SELECT count(*) FROM teachers t JOIN mp ON mp.source_id = t.person_id),
           'teachers whose person_id is a merged-away person'
    UNION ALL
    SELECT 4, 'users_reference_no_merged_account',
           (SELECT count(*) FROM users u JOIN ma ON ma.source_id = u.account_id),
           'users whose account_id is a merged-away account'
    UNION ALL
    SELECT 5, 'accounts_remapped_to_survivor',
           (SELECT count(*) FROM migration_stage.accounts s
              JOIN accounts a ON a.id = s.id::bigint
              LEFT JOIN mp ON mp.source_id = s.person_id::bigint
             WHERE CASE WHEN (a.person_id = coalesce(mp.survivor_id, s.person_id::bigint)) IS NOT FALSE THEN false  -- equal, or NULL (as `<>`)
                        WHEN mp.source_id IS NOT NULL THEN true
                        ELSE EXISTS (SELECT 1 FROM persons p WHERE p.id = s.person_id::bigint) END),
           'migrated accounts not pointing at the survivor of their legacy person'
    UNION ALL
    SELECT 6, 'students_remapped_to_survivor',
           (SELECT count(*) FROM migration_stage.students s
              JOIN students t ON t.id = s.id::bigint
              LEFT JOIN mp ON mp.source_id = s.person_id::bigint
             WHERE CASE WHEN (t.person_id = coalesce(mp.survivor_id, s.person_id::bigint)) IS NOT FALSE THEN false  -- equal, or NULL (as `<>`)
                        WHEN mp.source_id IS NOT NULL THEN true
                        ELSE EXISTS (SELECT 1 FROM persons p WHERE p.id = s.person_id::bigint) END),
           'migrated students not pointing at the survivor of their legacy person'
    UNION ALL
    SELECT 7, 'teachers_remapped_to_survivor',
           (SELECT count(*) FROM migration_stage.teachers s
              JOIN teachers t ON t.id = s.id::bigint
              LEFT JOIN mp ON mp.source_id = s.person_id::bigint
             WHERE CASE WHEN (t.person_id = coalesce(mp.survivor_id, s.person_id::bigint)) IS NOT FALSE THEN false  -- equal, or NULL (as `<>`)
                        WHEN mp.source_id IS NOT NULL THEN true
                        ELSE EXISTS (SELECT 1 FROM persons p WHERE p.id = s.person_id::bigint) END),
           'migrated teachers not pointing at the survivor of their legacy person'
    UNION ALL
    SELECT 8, 'users_remapped_to_survivor',
           (SELECT count(*) FROM migration_stage.users s
              JOIN users u ON u.id = s.id::bigint
              LEFT JOIN ma ON ma.source_id = s.account_id::bigint
             WHERE CASE WHEN (u.account_id = coalesce(ma.survivor_id, s.account_id::bigint)) IS NOT FALSE THEN false  -- equal, or NULL (as `<>`)
                        WHEN ma.source_id IS NOT NULL THEN true
                        ELSE EXISTS (SELECT 1 FROM accounts a WHERE a.id = s.account_id::bigint) END),
           'migrated users not pointing at the survivor of their legacy account'
    UNION ALL
    SELECT 9, 'merged_survivors_exist',
           (SELECT count(*) FROM migration_audit.merged_rows m
             WHERE (m.source_table = 'persons' AND NOT EXISTS (SELECT 1 FROM persons p WHERE p.id = m.survivor_id))
                OR (m.source_table = 'accounts' AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = m.survivor_id))
                OR (m.source_table = 'education_plan_subject' AND NOT EXISTS (SELECT 1 FROM subjects s WHERE s.id = m.survivor_id))),
           'merged rows whose survivor is not in the target'
    UNION ALL
    SELECT 10, 'merged_ids_not_migrated',
           (SELECT count(*) FROM mp JOIN persons p ON p.id = mp.source_id)
         + (SELECT count(*) FROM ma JOIN accounts a ON a.id = ma.source_id),
           'merged-away persons/accounts that are also present in the target'
    UNION ALL
    SELECT 11, 'one_outcome_per_row',
           (SELECT count(*) - count(DISTINCT (source_table, source_id)) FROM (
               SELECT source_table, source_id FROM migration_audit.merged_rows
               UNION ALL
               SELECT source_table, source_id FROM migration_audit.rejected_rows
                WHERE NOT key_problem) o),  -- NULL/repeated legacy ids: no id to count them by (05_legacy_keys.sql)
           'legacy rows recorded more than once in merged_rows/rejected_rows'
),
-- Links the legacy data itself gets wrong (not the migration): a warning for the DBA to review
-- before cutover, not a failure.
consistency AS (
    SELECT 12 AS ord, 'students_user_is_their_person' AS name,
           (SELECT count(*) FROM students s JOIN users u ON u.id = s.user_id JOIN accounts a ON a.id = u.account_id
             WHERE a.person_id <> s.person_id) AS bad,
           'students whose user''s account belongs to another person (as the legacy data links them)' AS what
    UNION ALL
    SELECT 13, 'teachers_user_is_their_person',
           (SELECT count(*) FROM teachers t JOIN users u ON u.id = t.user_id JOIN accounts a ON a.id = u.account_id
             WHERE a.person_id <> t.person_id),
           'teachers whose user''s account belongs to another person (as the legacy data links them)'
)
SELECT name, status, evidence FROM (
    SELECT ord, name, CASE WHEN bad = 0 THEN 'pass' ELSE 'fail' END AS status, bad || ' ' || what AS evidence FROM checks
    UNION ALL
    SELECT ord, name, CASE WHEN bad = 0 THEN 'pass' ELSE 'warn' END, bad || ' ' || what FROM consistency
) c
ORDER BY ord;
