-- Load users ← legacy users (ids kept), account_id remapped to the surviving account
-- (through merged_rows: an account merged as a duplicate username of the same person → its survivor).
-- Rejected (reason + whole row): account_id NULL; account missing from legacy accounts or rejected.
-- NULLed + recorded: organization_id pointing at an organization that does not exist or was rejected.
-- user_type as the guide: 1 student, 2 teacher, 3 admin, anything else (incl. NULL) staff; a
--   legacy column holding the words instead (any case, blanks trimmed) maps the same way.
-- is_blocked: is_blocked = 1 (NULL → false, the guide's mapping).
-- One transaction (run by the core); idempotent: deletes its own rows and ledger rows first.

SET LOCAL work_mem = '128MB';

TRUNCATE public.users;  -- not DELETE: a new file, so under wal_level=minimal the load below writes no WAL
DELETE FROM migration_audit.rejected_rows  WHERE source_table = 'users' AND NOT key_problem;
DELETE FROM migration_audit.merged_rows    WHERE source_table = 'users';
DELETE FROM migration_audit.nulled_values  WHERE source_table = 'users';
DELETE FROM migration_audit.load_counts    WHERE source_table = 'users';

WITH src AS MATERIALIZED (
    SELECT x.id, x.account_id, x.organization_id, x.org_raw, x.org_reason, x.user_type, x.is_blocked,
           x.created_at, x.updated_at, x.reason,
           x.tid  -- the whole row is read again for the rejected rows only (below)
    FROM (
        SELECT s.ctid AS tid,
               s.id::bigint AS id, coalesce(ac.id, am.survivor_id) AS account_id,
               s.organization_id AS org_raw, o.id AS organization_id,
               CASE WHEN s.organization_id IS NOT NULL AND o.id IS NULL THEN
                   'organization ' || s.organization_id ||
                   CASE WHEN ro.source_id IS NULL THEN ' does not exist in legacy organizations'
                        ELSE ' was rejected (see rejected_rows organizations)' END
               END AS org_reason,
               CASE CASE WHEN s.user_type IN ('1', '2', '3') THEN s.user_type  -- nearly every value: no parsing
                         ELSE coalesce(migration_audit.to_int(s.user_type)::text, lower(migration_audit.clean_text(s.user_type))) END
                    WHEN '1' THEN 'student' WHEN '2' THEN 'teacher' WHEN '3' THEN 'admin'
                                              WHEN 'student' THEN 'student' WHEN 'teacher' THEN 'teacher' WHEN 'admin' THEN 'admin'
                                              ELSE 'staff' END AS user_type,
               coalesce(migration_audit.to_flag(s.is_blocked), false) AS is_blocked,
               s.create_date::timestamp AS created_at, s.update_date::timestamp AS updated_at,
               CASE WHEN s.account_id IS NULL THEN 'account_id is NULL (required)'
                    WHEN ac.id IS NULL AND am.survivor_id IS NULL THEN
                        'account ' || s.account_id ||
                        CASE WHEN ra.source_id IS NULL THEN ' does not exist in legacy accounts'
                             ELSE ' was rejected (see rejected_rows accounts)' END
               END AS reason
        FROM migration_stage.users s
        LEFT JOIN public.accounts ac ON ac.id = s.account_id::bigint
        LEFT JOIN (SELECT source_id, survivor_id FROM migration_audit.merged_rows WHERE source_table = 'accounts') am
               ON am.source_id = s.account_id::bigint
        LEFT JOIN (SELECT source_id FROM migration_audit.rejected_rows WHERE source_table = 'accounts') ra
               ON ra.source_id = s.account_id::bigint
        LEFT JOIN public.organizations o ON o.id = s.organization_id::bigint
        LEFT JOIN (SELECT source_id FROM migration_audit.rejected_rows WHERE source_table = 'organizations') ro
               ON ro.source_id = s.organization_id::bigint
    ) x
),
ins AS (
    INSERT INTO public.users (id, account_id, organization_id, user_type, is_blocked, created_at, updated_at)
    SELECT id, account_id, organization_id, user_type, is_blocked, created_at, updated_at
    FROM src WHERE reason IS NULL
),
rej AS (
    INSERT INTO migration_audit.rejected_rows (source_table, source_id, reason, row_data)
    SELECT 'users', id, reason,
       (SELECT to_jsonb(s) FROM migration_stage.users s WHERE s.ctid = src.tid)  -- TID lookup per rejected row
    FROM src WHERE reason IS NOT NULL
)
INSERT INTO migration_audit.nulled_values (source_table, source_id, column_name, legacy_value, reason)
SELECT 'users', id, 'organization_id', org_raw, org_reason
FROM src WHERE reason IS NULL AND org_reason IS NOT NULL;

-- A flag that is neither 0/1 nor a yes/no spelling (7, 2, 'x') was read as 0 (not blocked, the guide's
-- "else"): recorded in nulled_values (migration_audit.record_junk_flags, 00_staging.sql).
SELECT migration_audit.record_junk_flags('users', 'is_blocked', 'users', 'is_blocked', 'not blocked');

-- Statistics for the next loads' join planning (fresh tables have none; without them the
-- planner can pick nested loops over the small ledger subsets).
ANALYZE public.users, migration_audit.rejected_rows (source_table, source_id), migration_audit.merged_rows;

INSERT INTO migration_audit.load_counts (source_table, position, target_table, source_rows, migrated)
SELECT 'users', 5, 'users',
       migration_audit.staged_rows('users'),
       (SELECT count(*) FROM public.users);
