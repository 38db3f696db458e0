-- Load accounts ← legacy accounts (ids kept), person_id remapped to the surviving person.
--
-- Rejected (reason + whole row): person_id NULL; person missing from legacy persons or rejected
--   there; username NULL/blank (required).
-- Dedup on the case-folded, trimmed username (DESIGN.md):
--   * same username, same surviving person → one account survives: an active one first, then
--     the lowest id; the others
--     → merged_rows (rule 'same username (case-folded) and same surviving person'), and users of
--     a merged account are remapped to the survivor (view migration_audit.account_map).
--   * same username, different persons → all kept. The account with the lowest id keeps the
--     username; every other person's surviving account is renamed
--     `<username>_<account id>` (if that is taken too: `<username>_legacy<account id>`, then
--     the first free `<username>_legacy<account id>_<n>`),
--     recorded in migration_audit.renamed_values (view migration_audit.renamed_accounts).
-- password → password_hash unchanged; is_active: activity_status = 1 (the guide's mapping).
-- One transaction (run by the core); idempotent: deletes its own rows and ledger rows first.

SET LOCAL work_mem = '128MB';
SET LOCAL enable_nestloop = off;  -- no indexes here; a bad estimate must not make a join quadratic

TRUNCATE public.accounts;  -- not DELETE: a new file, so under wal_level=minimal the load below writes no WAL
DELETE FROM migration_audit.rejected_rows  WHERE source_table = 'accounts' AND NOT key_problem;
DELETE FROM migration_audit.merged_rows    WHERE source_table = 'accounts';
DELETE FROM migration_audit.nulled_values  WHERE source_table = 'accounts';
DELETE FROM migration_audit.renamed_values WHERE source_table = 'accounts';
DELETE FROM migration_audit.load_counts    WHERE source_table = 'accounts';

WITH src AS MATERIALIZED (
    SELECT x.id, x.person_id, x.username, x.long_username, x.email, x.password, x.is_active, x.created_at,
           x.updated_at, x.reason,
           x.tid  -- the whole row is read again for the rejected rows only (below)
    FROM (
        SELECT s.tid,
               s.id::bigint AS id, coalesce(pt.id, pm.survivor_id) AS person_id,
               -- cleaned of blank characters (also no-break and zero-width); a value longer than
               -- 200 characters (no login name is; a unique index cannot hold kilobytes) is cut
               -- and suffixed with the account id, recorded in renamed_values (cut below)
               CASE WHEN char_length(s.uname) > 200 THEN left(s.uname, 200) || '_long' || s.id
                    ELSE s.uname END AS username,
               CASE WHEN char_length(s.uname) > 200 THEN s.username END AS long_username,
               s.email, s.password,
               coalesce(migration_audit.to_flag(s.activity_status), false) AS is_active,
               s.create_date::timestamp AS created_at, s.update_date::timestamp AS updated_at,
               CASE WHEN s.person_id IS NULL THEN 'person_id is NULL (required)'
                    WHEN pt.id IS NULL AND pm.survivor_id IS NULL THEN
                        'person ' || s.person_id ||
                        CASE WHEN rp.source_id IS NULL THEN ' does not exist in legacy persons'
                             ELSE ' was rejected (see rejected_rows persons)' END
                    WHEN s.uname IS NULL THEN 'username is NULL or blank (required)'
               END AS reason
        FROM (SELECT a.*, a.ctid AS tid, migration_audit.clean_text(a.username) AS uname
              FROM migration_stage.accounts a
              OFFSET 0) s  -- a fence: the username is cleaned once, not once per use
        LEFT JOIN public.persons pt ON pt.id = s.person_id::bigint
        LEFT JOIN (SELECT source_id, survivor_id FROM migration_audit.merged_rows WHERE source_table = 'persons') pm
               ON pm.source_id = s.person_id::bigint
        LEFT JOIN (SELECT source_id FROM migration_audit.rejected_rows WHERE source_table = 'persons') rp
               ON rp.source_id = s.person_id::bigint
    ) x
),
-- Only accounts whose username occurs more than once (a few %) need a decision: hash-aggregate
-- the keys, then sort + window just those rows.
dupkey AS MATERIALIZED (
    SELECT lower(username) COLLATE "C" AS ukey  -- byte order: only equality matters
    FROM src WHERE reason IS NULL
    GROUP BY 1 HAVING count(*) > 1
),
-- Every username a rename must not land on (case-folded). Looked up by joins, not NOT IN: the
-- planner hashes a subplan only when it expects many probes, and a bad estimate would make it
-- scan `taken` once per renamed row (quadratic when thousands share one username).
taken AS MATERIALIZED (
    SELECT DISTINCT lower(username) COLLATE "C" AS k FROM src WHERE reason IS NULL
),
w AS MATERIALIZED (
    SELECT x.*,
           CASE WHEN x.person_id = x.keeper_person THEN x.username
                WHEN t1.k IS NULL THEN x.username || '_' || x.id
                WHEN t2.k IS NULL THEN x.username || '_legacy' || x.id
                -- both taken (legacy data already holding the renames): the first free
                -- <username>_legacy<id>_<n> (generate_series yields n in order)
                ELSE (SELECT x.username || '_legacy' || x.id || '_' || n FROM generate_series(2, 100000) n
                      WHERE lower(x.username || '_legacy' || x.id || '_' || n) COLLATE "C" NOT IN (SELECT k FROM taken)
                      LIMIT 1)
           END AS final_username  -- meaningful for survivors
    FROM (
        SELECT src.id, src.tid, src.person_id, src.username, d.ukey,
               first_value(src.id)        OVER (PARTITION BY d.ukey ORDER BY src.id) AS keeper_id,
               first_value(src.person_id) OVER (PARTITION BY d.ukey ORDER BY src.id) AS keeper_person,
               -- an active account survives before an inactive one, then the lowest id
               first_value(src.id)        OVER (PARTITION BY d.ukey, src.person_id ORDER BY src.is_active DESC, src.id) AS survivor_id
        FROM src JOIN dupkey d ON d.ukey = lower(src.username) COLLATE "C"
        WHERE src.reason IS NULL
    ) x
    LEFT JOIN taken t1 ON t1.k = lower(x.username || '_' || x.id) COLLATE "C"
    LEFT JOIN taken t2 ON t2.k = lower(x.username || '_legacy' || x.id) COLLATE "C"
),
-- One join only (a second CTE join let the planner pick a nested loop on a mis-estimate).
ins AS (
    INSERT INTO public.accounts (id, person_id, username, email, password_hash, is_active, created_at, updated_at)
    SELECT src.id, src.person_id, coalesce(w.final_username, src.username), src.email, src.password,
           src.is_active, src.created_at, src.updated_at
    FROM src
    LEFT JOIN w ON w.id = src.id
    WHERE src.reason IS NULL AND (w.id IS NULL OR w.id = w.survivor_id)
),
ren AS (
    INSERT INTO migration_audit.renamed_values (source_table, source_id, column_name, old_value, new_value, rule)
    SELECT 'accounts', id, 'username', username, final_username,
           'username (case-folded) already used by account ' || keeper_id || ' of another person; renamed <username>_<id>'
    FROM w WHERE id = survivor_id AND final_username <> username
),
cut AS (
    INSERT INTO migration_audit.renamed_values (source_table, source_id, column_name, old_value, new_value, rule)
    SELECT 'accounts', id, 'username', long_username, username,
           'username longer than 200 characters; cut to 200 and suffixed _long<id>'
    FROM src WHERE reason IS NULL AND long_username IS NOT NULL
),
mrg AS (
    INSERT INTO migration_audit.merged_rows (source_table, source_id, survivor_id, rule, row_data)
    SELECT 'accounts', id, survivor_id, 'same username (case-folded) and same surviving person',
           (SELECT to_jsonb(s) FROM migration_stage.accounts s WHERE s.ctid = w.tid)  -- TID lookup per merged row
    FROM w WHERE id <> survivor_id
)
INSERT INTO migration_audit.rejected_rows (source_table, source_id, reason, row_data)
SELECT 'accounts', id, reason,
       (SELECT to_jsonb(s) FROM migration_stage.accounts s WHERE s.ctid = src.tid)  -- TID lookup per rejected row
    FROM src WHERE reason IS NOT NULL;

-- A flag that is neither 0/1 nor a yes/no spelling (7, 2, 'x') was read as 0 (inactive, the guide's
-- "else"): recorded in nulled_values (migration_audit.record_junk_flags, 00_staging.sql).
SELECT migration_audit.record_junk_flags('accounts', 'activity_status', 'accounts', 'is_active', 'inactive');

-- Statistics for the next loads' join planning (fresh tables have none; without them the
-- planner can pick nested loops over the small ledger subsets). Only the columns the later
-- loads join on (row count comes with it): the name/text columns and the expression index
-- statistics are gathered once, by migration/90_finalize.sql.
ANALYZE public.accounts (id), migration_audit.rejected_rows (source_table, source_id), migration_audit.merged_rows;

INSERT INTO migration_audit.load_counts (source_table, position, target_table, source_rows, migrated)
SELECT 'accounts', 4, 'accounts',
       migration_audit.staged_rows('accounts'),
       (SELECT count(*) FROM public.accounts);
