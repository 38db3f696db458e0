-- Load persons ← legacy persons, deduplicated (ids kept; merged ids remapped everywhere).
--
-- Duplicate key (DESIGN.md: compared trimmed and case-folded):
--   1. normalized pincode (migration_audit.pincode_norm: every blank character removed, upper
--      case), when it can identify a person: not a placeholder and at most 64 characters
--      (pincode_is_id), and not shared by different people (three or more names, or two names
--      with two birthdates); such a pincode is stored NULL and recorded in nulled_values;
--   2. else normalized firstname + lastname + birthdate, when all three are present.
--   Rows with neither key are their own group. (A row without pincode is not matched against
--   rows that have one: two namesakes born the same day with different pincodes are two people.)
-- Survivor of a group: a row with a non-blank firstname AND lastname first, then one whose
--   names are real (not only punctuation or digits such as '-' or '???'), then the row with
--   the most non-NULL fields (firstname, lastname, patronymic, gender_id, birthdate, pincode,
--   citizenship_id), then the lowest id. The survivor's own values are kept as they are
--   (names trimmed of blank characters, also no-break and zero-width spaces: clean_text;
--   pincode normalized). Every other row of the group → merged_rows with the rule ('same
--   normalized pincode' / 'same normalized firstname + lastname + birthdate') and the survivor id.
-- Rejected: groups with no row having both names (firstname/lastname are required) — every row
--   of such a group, with reason and the whole row. A nameless row that shares a pincode with a
--   named person is merged into it, not lost.
-- birthdate: parsed like every legacy date (migration_audit.parse_date: ISO date, ISO timestamp,
--   DD.MM.YYYY), so a legacy text column in mixed formats dedups on the date, not its spelling;
--   a value that is not blank but not a date → NULL, recorded in nulled_values.
-- accounts/students/teachers are remapped through persons + merged_rows (view migration_audit.person_map).
-- One transaction (run by the core); idempotent: deletes its own rows and ledger rows first.

SET LOCAL work_mem = '256MB';  -- y (every person, cleaned) stays in memory at 500k persons
SET LOCAL enable_mergejoin = off;  -- the insert joins y with the few decisions: hash them, do not sort 500k rows
-- No nested loops: nothing here has an index, and a row estimate off by 1000x (CTEs over
-- unanalyzed staging) would turn one into a quadratic scan. Lookups are joins, not IN-subplans,
-- for the same reason: the planner hashes a subplan only when it expects many probes.
SET LOCAL enable_nestloop = off;

TRUNCATE public.persons;  -- not DELETE: a new file, so under wal_level=minimal the load below writes no WAL
DELETE FROM migration_audit.rejected_rows  WHERE source_table = 'persons' AND NOT key_problem;
DELETE FROM migration_audit.merged_rows    WHERE source_table = 'persons';
DELETE FROM migration_audit.nulled_values  WHERE source_table = 'persons';
DELETE FROM migration_audit.load_counts    WHERE source_table = 'persons';

-- Speed: every legacy value is cleaned once (y, fenced with OFFSET 0 so the planner does not
-- copy the expressions into each use) and the insert reads y, not the staging table again.
-- Only rows whose key occurs more than once (a few %) go through survivor selection (a sort of
-- just those rows); a hash aggregate finds them.
WITH y AS MATERIALIZED (
    -- dkey: 'P' + the pincode as the unique index compares it (lower() of the stored upper case:
    -- the two can differ, e.g. for 'İ'), when it can identify a person; else 'N' + names and
    -- birthdate (length-prefixed, so no name can run into the next); else the row alone.
    SELECT v.*,
           CASE WHEN v.pin_ok THEN 'P' || lower(v.pin)
                WHEN v.named AND migration_audit.parse_date(v.bd) IS NOT NULL  -- evaluated for rows without pincode only
                    THEN 'N' || length(lower(v.fn)) || ':' || lower(v.fn) || '|' || lower(v.ln) || '|' || migration_audit.parse_date(v.bd)
                ELSE 'I' || v.id END COLLATE "C" AS dkey  -- byte order: only equality matters
    FROM (
        SELECT z.*,
               (z.fn IS NOT NULL AND z.ln IS NOT NULL) AS named,
               coalesce(migration_audit.pincode_is_id(z.pin), false) AS pin_ok,
               (z.fn IS NOT NULL)::int + (z.ln IS NOT NULL)::int + (z.pin IS NOT NULL)::int + z.other_filled AS filled
        FROM (
            SELECT s.ctid AS tid, s.id::bigint AS id,
                   migration_audit.clean_text(s.firstname) AS fn,
                   migration_audit.clean_text(s.lastname) AS ln,
                   migration_audit.pincode_norm(s.pincode) AS pin, s.pincode AS pin_raw,
                   s.patronymic, s.gender_id, s.birthdate AS bd, s.citizenship_id, s.create_date, s.update_date,
                   (s.patronymic IS NOT NULL)::int + (s.gender_id IS NOT NULL)::int + (s.birthdate IS NOT NULL)::int
                     + (s.citizenship_id IS NOT NULL)::int AS other_filled
            FROM migration_stage.persons s
            OFFSET 0
        ) z
        OFFSET 0
    ) v
),
dup0 AS MATERIALIZED (
    SELECT dkey FROM y GROUP BY dkey HAVING count(*) > 1
),
-- A pincode is not one person's when its named rows disagree beyond a typo: three or more
-- different names (a placeholder typed for everyone), or two different names AND two different
-- birthdates (two people). Its rows are matched on names + birthdate instead. (Two spellings
-- of one name with one birthdate, or with a birthdate missing, stay merged: a typo or a
-- transliteration is the likelier story.)
shared AS MATERIALIZED (
    SELECT y.dkey FROM y JOIN dup0 USING (dkey)
    WHERE y.pin_ok
    GROUP BY y.dkey
    HAVING count(DISTINCT lower(y.fn) || '|' || lower(y.ln)) FILTER (WHERE y.named) >= 3
        OR (count(DISTINCT lower(y.fn) || '|' || lower(y.ln)) FILTER (WHERE y.named) >= 2
            AND count(DISTINCT migration_audit.parse_date(y.bd)) FILTER (WHERE y.named) >= 2)
),
-- Rows keyed on names + birthdate (no usable pincode, or a shared one): a few %, grouped again
-- on their own; the pincode groups of dup0 stand as they are.
g AS MATERIALIZED (
    SELECT y.id, y.tid, y.named, y.filled, y.fn, y.ln,
           CASE WHEN left(y.dkey, 1) = 'N' THEN y.dkey
                WHEN y.named AND migration_audit.parse_date(y.bd) IS NOT NULL
                    THEN 'N' || length(lower(y.fn)) || ':' || lower(y.fn) || '|' || lower(y.ln) || '|' || migration_audit.parse_date(y.bd)
                ELSE 'I' || y.id END COLLATE "C" AS dkey
    FROM y LEFT JOIN shared sh USING (dkey)
    WHERE left(y.dkey, 1) = 'N' OR sh.dkey IS NOT NULL
),
dupg AS MATERIALIZED (
    SELECT dkey FROM g GROUP BY dkey HAVING count(*) > 1
),
-- Every member of a duplicate group, with the group's final key.
mem AS MATERIALIZED (
    SELECT y.id, y.tid, y.named, y.filled, y.fn, y.ln, y.dkey
    FROM y JOIN dup0 USING (dkey) LEFT JOIN shared sh USING (dkey)
    WHERE left(y.dkey, 1) = 'P' AND sh.dkey IS NULL
    UNION ALL
    SELECT g.id, g.tid, g.named, g.filled, g.fn, g.ln, g.dkey
    FROM g JOIN dupg USING (dkey)
),
-- The survivor rule, for any id (negative or beyond 2^40 too).
best AS MATERIALIZED (
    SELECT DISTINCT ON (mem.dkey) mem.dkey, mem.id AS survivor_id, mem.named AS survivor_named
    FROM mem
    ORDER BY mem.dkey, mem.named DESC,
             -- real names (a letter, not only '-', '???', '0') before placeholders typed as names
             (mem.fn ~ '[^[:punct:][:digit:][:space:]]' AND mem.ln ~ '[^[:punct:][:digit:][:space:]]') DESC,
             mem.filled DESC, mem.id
),
-- Decisions for every row that is not simply "migrated as itself": members of duplicate groups,
-- and nameless rows in no group (rejected).
dec AS MATERIALIZED (
    SELECT mem.id, mem.tid, mem.dkey, mem.fn, mem.ln, b.survivor_id, b.survivor_named
    FROM mem JOIN best b USING (dkey)
    UNION ALL
    SELECT y.id, y.tid, y.dkey, y.fn, y.ln, y.id, false
    FROM y LEFT JOIN mem ON mem.id = y.id
    WHERE NOT y.named AND mem.id IS NULL
),
ins AS (
    INSERT INTO public.persons (id, firstname, lastname, patronymic, gender_id, birthdate, pincode,
                                citizenship_id, created_at, updated_at)
    SELECT y.id, y.fn, y.ln, y.patronymic, y.gender_id::bigint, migration_audit.parse_date(y.bd),
           CASE WHEN y.pin_ok AND sh.dkey IS NULL THEN y.pin END,
           y.citizenship_id::bigint, y.create_date::timestamp, y.update_date::timestamp
    FROM y
    LEFT JOIN dec ON dec.id = y.id
    LEFT JOIN shared sh ON sh.dkey = y.dkey
    WHERE dec.id IS NULL OR (dec.id = dec.survivor_id AND dec.survivor_named)
),
-- Pincodes not blank but not kept (NULL in the target) of the migrated persons: a placeholder
-- or an over-long value, or one shared by different people (the `shared` rule above).
npin AS (
    INSERT INTO migration_audit.nulled_values (source_table, source_id, column_name, legacy_value, reason)
    SELECT 'persons', y.id, 'pincode', y.pin_raw,
           CASE WHEN y.pin_ok
                THEN 'pincode is shared by different people (three or more names, or different names and birthdates): not an identifier'
                ELSE 'pincode is a placeholder or longer than 64 characters, not an identifier' END
    FROM y
    LEFT JOIN dec ON dec.id = y.id
    LEFT JOIN shared sh ON sh.dkey = y.dkey
    WHERE y.pin IS NOT NULL AND (NOT y.pin_ok OR sh.dkey IS NOT NULL)
      AND (dec.id IS NULL OR (dec.id = dec.survivor_id AND dec.survivor_named))
),
mrg AS (
    INSERT INTO migration_audit.merged_rows (source_table, source_id, survivor_id, rule, row_data)
    SELECT 'persons', id, survivor_id,
           CASE left(dkey, 1) WHEN 'P' THEN 'same normalized pincode'
                              ELSE 'same normalized firstname + lastname + birthdate' END,
           (SELECT to_jsonb(s) FROM migration_stage.persons s WHERE s.ctid = dec.tid)  -- TID lookup per merged row
    FROM dec WHERE id <> survivor_id AND survivor_named
)
INSERT INTO migration_audit.rejected_rows (source_table, source_id, reason, row_data)
SELECT 'persons', id,
       CASE WHEN fn IS NULL AND ln IS NULL THEN 'firstname and lastname are NULL or blank (required)'
            WHEN fn IS NULL THEN 'firstname is NULL or blank (required)'
            ELSE 'lastname is NULL or blank (required)' END,
       (SELECT to_jsonb(s) FROM migration_stage.persons s WHERE s.ctid = dec.tid)  -- TID lookup per rejected row
FROM dec WHERE NOT survivor_named;

-- Statistics for the next loads' join planning (fresh tables have none; without them the
-- planner can pick nested loops over the small ledger subsets). Only the columns the later
-- loads join on (row count comes with it): the name/text columns and the expression index
-- statistics are gathered once, by migration/90_finalize.sql.
ANALYZE public.persons (id), migration_audit.rejected_rows (source_table, source_id), migration_audit.merged_rows;

-- Birthdates that were not blank but not a date (NULL in the target): found from the few
-- migrated persons without a birthdate, not by parsing every legacy value a second time.
INSERT INTO migration_audit.nulled_values (source_table, source_id, column_name, legacy_value, reason)
SELECT 'persons', p.id, 'birthdate', s.birthdate, 'birthdate is not a valid date'
FROM public.persons p
JOIN migration_stage.persons s ON s.id::bigint = p.id
WHERE p.birthdate IS NULL AND btrim(s.birthdate) <> '';

INSERT INTO migration_audit.load_counts (source_table, position, target_table, source_rows, migrated)
SELECT 'persons', 3, 'persons',
       migration_audit.staged_rows('persons'),
       (SELECT count(*) FROM public.persons);
