-- Load students ← legacy students (ids kept), person_id remapped to the surviving person.
-- Rejected (reason + whole row): person_id NULL; person missing from legacy persons or rejected.
-- NULLed + recorded: org_id → organization missing/rejected;
--   in_order_date not blank but unparseable (migration_audit.parse_date: ISO date, ISO
--   timestamp, DD.MM.YYYY; impossible dates are junk).
-- student_id_number: card_number cleaned of blank characters (clean_text), else 'STU' || id
--   (the guide). Unique: when several students share a number, a real card number keeps it
--   before a generated STU<id>, then the lowest id; the others get '<number>-<id>' (a negative
--   id written n<digits>; '<number>-legacy<id>' when another student already holds that, then
--   the first free '<number>-legacy<id>-<n>'), recorded in migration_audit.renamed_values.
-- admission_year: year of the parsed in_order_date. status: active = 1 → 'active', else
--   'graduated' (the guide's mapping).
-- user_id is stored as the legacy value here; 23_students_users.sql NULLs (and records) the ones
--   whose user is missing or rejected once users are loaded. Decide first, write once: which
--   students survive depends on persons only, so this load (and the enrolments that need its ids)
--   runs beside the accounts -> users chain instead of after it.
-- One transaction (run by the core); idempotent: deletes its own rows and ledger rows first.

SET LOCAL work_mem = '128MB';
SET LOCAL enable_nestloop = off;  -- no indexes here; a bad estimate must not make a join quadratic

TRUNCATE public.students;  -- not DELETE: a new file, so under wal_level=minimal the load below writes no WAL
DELETE FROM migration_audit.rejected_rows  WHERE source_table = 'students' AND NOT key_problem;
DELETE FROM migration_audit.merged_rows    WHERE source_table = 'students';
DELETE FROM migration_audit.nulled_values  WHERE source_table = 'students' AND column_name <> 'user_id';
DELETE FROM migration_audit.renamed_values WHERE source_table = 'students';
DELETE FROM migration_audit.load_counts    WHERE source_table = 'students';

WITH src AS MATERIALIZED (
    SELECT x.id, x.person_id, x.user_id, x.user_raw, x.organization_id, x.org_raw, x.number, x.long_number, x.generated,
           x.in_order_raw, x.admission_year, x.status, x.created_at, x.updated_at, x.reason,
           CASE WHEN x.org_raw IS NOT NULL AND x.organization_id IS NULL THEN
               'organization ' || x.org_raw ||
               CASE WHEN x.org_rejected THEN ' was rejected (see rejected_rows organizations)'
                    ELSE ' does not exist in legacy organizations' END END AS org_reason,
           x.tid  -- the whole row is read again for the rejected rows only (below)
    FROM (
        SELECT s.tid,
               s.id::bigint AS id, coalesce(pt.id, pm.survivor_id) AS person_id,
               s.user_id AS user_raw, s.user_id::bigint AS user_id,  -- checked against users by 23_students_users.sql
               s.org_id AS org_raw, o.id AS organization_id, ro.source_id IS NOT NULL AS org_rejected,
               -- a card number longer than 200 characters is cut and suffixed (recorded: cut below)
               CASE WHEN char_length(s.card) > 200 THEN left(s.card, 200) || '-long' || s.id
                    ELSE coalesce(s.card, 'STU' || s.id) END AS number,
               CASE WHEN char_length(s.card) > 200 THEN s.card_number END AS long_number,
               s.card IS NULL AS generated,  -- 'STU' || id: yields to a real card number
               s.in_order_date AS in_order_raw,
               extract(year FROM migration_audit.parse_date(s.in_order_date))::int AS admission_year,
               CASE WHEN migration_audit.to_flag(s.active) THEN 'active' ELSE 'graduated' END AS status,
               s.create_date::timestamp AS created_at, s.update_date::timestamp AS updated_at,
               CASE WHEN s.person_id IS NULL THEN 'person_id is NULL (required)'
                    WHEN pt.id IS NULL AND pm.survivor_id IS NULL THEN
                        'person ' || s.person_id ||
                        CASE WHEN rp.source_id IS NULL THEN ' does not exist in legacy persons'
                             ELSE ' was rejected (see rejected_rows persons)' END
               END AS reason
        FROM (SELECT t.*, t.ctid AS tid, migration_audit.clean_text(t.card_number) AS card
              FROM migration_stage.students t
              OFFSET 0) s  -- a fence: the card number is cleaned once, not once per use
        LEFT JOIN public.persons pt ON pt.id = s.person_id::bigint
        LEFT JOIN (SELECT source_id, survivor_id FROM migration_audit.merged_rows WHERE source_table = 'persons') pm
               ON pm.source_id = s.person_id::bigint
        LEFT JOIN (SELECT source_id FROM migration_audit.rejected_rows WHERE source_table = 'persons') rp
               ON rp.source_id = s.person_id::bigint
        LEFT JOIN public.organizations o ON o.id = s.org_id::bigint
        LEFT JOIN (SELECT source_id FROM migration_audit.rejected_rows WHERE source_table = 'organizations') ro
               ON ro.source_id = s.org_id::bigint
    ) x
),
-- Only numbers used more than once need a decision: hash-aggregate, then window just those rows.
dupnum AS MATERIALIZED (
    SELECT number COLLATE "C" AS number FROM src WHERE reason IS NULL
    GROUP BY 1 HAVING count(*) > 1
),
-- Every number a rename must not land on. Looked up by joins, not NOT IN: the planner hashes a
-- subplan only when it expects many probes, and a bad estimate made it scan `taken` once per
-- renamed row (50 s for 30,000 students sharing one card number).
taken AS MATERIALIZED (
    SELECT DISTINCT number COLLATE "C" AS k FROM src WHERE reason IS NULL
),
-- A negative id is written n<digits> in a rename ('NC' + '-' + '-5' would equal 'NC-' + '-' + '5'):
-- the text after the last '-' is then always one row's id, so renames never meet each other.
w AS MATERIALIZED (
    SELECT v.id, v.number,
           CASE WHEN v.rn = 1 THEN v.number
                WHEN t1.k IS NULL THEN v.number || '-' || v.idt
                WHEN t2.k IS NULL THEN v.number || '-legacy' || v.idt
                -- both taken (legacy data already holding the renames): the first free
                -- <number>-legacy<id>-<n> (generate_series yields n in order)
                ELSE (SELECT v.number || '-legacy' || v.idt || '-' || n FROM generate_series(2, 100000) n
                      WHERE (v.number || '-legacy' || v.idt || '-' || n) COLLATE "C" NOT IN (SELECT k FROM taken)
                      LIMIT 1)
           END AS final_number
    FROM (
        SELECT src.id, src.number, replace(src.id::text, '-', 'n') AS idt,
               -- a real card number keeps it before a generated STU<id>, then the lowest id
               row_number() OVER (PARTITION BY d.number ORDER BY src.generated, src.id) AS rn
        FROM src JOIN dupnum d ON d.number = src.number COLLATE "C"
        WHERE src.reason IS NULL
    ) v
    LEFT JOIN taken t1 ON t1.k = (v.number || '-' || v.idt) COLLATE "C"
    LEFT JOIN taken t2 ON t2.k = (v.number || '-legacy' || v.idt) COLLATE "C"
),
ins AS (
    INSERT INTO public.students (id, person_id, user_id, student_id_number, organization_id,
                                 admission_year, status, created_at, updated_at)
    SELECT src.id, src.person_id, src.user_id, coalesce(w.final_number, src.number), src.organization_id,
           src.admission_year, src.status, src.created_at, src.updated_at
    FROM src LEFT JOIN w ON w.id = src.id
    WHERE src.reason IS NULL
),
ren AS (
    INSERT INTO migration_audit.renamed_values (source_table, source_id, column_name, old_value, new_value, rule)
    SELECT 'students', id, 'student_id_number', number, final_number,
           'student number already used by another student (a real card number before a generated STU<id>, then the lowest id); renamed <number>-<id> (<number>-legacy<id> when that is taken too)'
    FROM w WHERE final_number <> number
),
cut AS (
    INSERT INTO migration_audit.renamed_values (source_table, source_id, column_name, old_value, new_value, rule)
    SELECT 'students', id, 'student_id_number', long_number, number,
           'card number longer than 200 characters; cut to 200 and suffixed -long<id>'
    FROM src WHERE reason IS NULL AND long_number IS NOT NULL
),
nul AS (
    INSERT INTO migration_audit.nulled_values (source_table, source_id, column_name, legacy_value, reason)
    SELECT 'students', src.id, v.column_name, v.legacy_value, v.reason
    FROM src
    CROSS JOIN LATERAL (VALUES
        ('organization_id', src.org_raw, src.org_reason),
        ('admission_year', src.in_order_raw,
         CASE WHEN src.admission_year IS NULL AND btrim(src.in_order_raw) <> ''
              THEN 'in_order_date is not a valid date' END)
    ) AS v(column_name, legacy_value, reason)
    WHERE src.reason IS NULL AND v.reason IS NOT NULL
      -- only rows with something to record reach the VALUES (3 per row otherwise: 1.1M at 375k)
      AND (src.org_reason IS NOT NULL
           OR (src.admission_year IS NULL AND src.in_order_raw IS NOT NULL))
)
INSERT INTO migration_audit.rejected_rows (source_table, source_id, reason, row_data)
SELECT 'students', id, reason,
       (SELECT to_jsonb(s) FROM migration_stage.students s WHERE s.ctid = src.tid)  -- TID lookup per rejected row
    FROM src WHERE reason IS NOT NULL;

-- A flag that is neither 0/1 nor a yes/no spelling (7, 2, 'x') was read as 0 ('graduated', the guide's
-- "else"): recorded in nulled_values (migration_audit.record_junk_flags, 00_staging.sql).
SELECT migration_audit.record_junk_flags('students', 'active', 'students', 'status', '''graduated''');

-- Statistics for the next loads' join planning (fresh tables have none; without them the
-- planner can pick nested loops over the small ledger subsets).
ANALYZE public.students, migration_audit.rejected_rows (source_table, source_id), migration_audit.merged_rows;

INSERT INTO migration_audit.load_counts (source_table, position, target_table, source_rows, migrated)
SELECT 'students', 6, 'students',
       migration_audit.staged_rows('students'),
       (SELECT count(*) FROM public.students);
