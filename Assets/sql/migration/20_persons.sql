-- Load persons ← legacy persons, deduplicated (ids kept; merged ids remapped everywhere).
--
-- Duplicate key (DESIGN.md: compared trimmed and case-folded):
--   1. normalized pincode lower(btrim(pincode)), when not blank;
--   2. else normalized firstname + lastname + birthdate, when all three are present.
--   Rows with neither key are their own group. (A row without pincode is not matched against
--   rows that have one: two namesakes born the same day with different pincodes are two people.)
-- Survivor of a group: a row with a non-blank firstname AND lastname first, then the row with
--   the most non-NULL fields (firstname, lastname, patronymic, gender_id, birthdate, pincode,
--   citizenship_id), then the lowest id. The survivor's own values are kept as they are
--   (names trimmed; pincode normalized: trimmed, upper case, blank → NULL). Every other row of
--   the group → merged_rows with the rule ('same normalized pincode' / 'same normalized
--   firstname + lastname + birthdate') and the survivor id.
-- Rejected: groups with no row having both names (firstname/lastname are required) — every row
--   of such a group, with reason and the whole row. A nameless row that shares a pincode with a
--   named person is merged into it, not lost.
-- birthdate: parsed like every legacy date (migration_audit.parse_date: ISO date, ISO timestamp,
--   DD.MM.YYYY), so a legacy text column in mixed formats dedups on the date, not its spelling;
--   a value that is not blank but not a date → NULL, recorded in nulled_values.
-- accounts/students/teachers are remapped through persons + merged_rows (view migration_audit.person_map).
-- One transaction (run by the core); idempotent: deletes its own rows and ledger rows first.

SET LOCAL work_mem = '128MB';

TRUNCATE public.persons;  -- not DELETE: a new file, so under wal_level=minimal the load below writes no WAL
DELETE FROM migration_audit.rejected_rows  WHERE source_table = 'persons' AND NOT key_problem;
DELETE FROM migration_audit.merged_rows    WHERE source_table = 'persons';
DELETE FROM migration_audit.nulled_values  WHERE source_table = 'persons';
DELETE FROM migration_audit.load_counts    WHERE source_table = 'persons';

-- Speed: only rows whose key occurs more than once (a few %) go through survivor selection;
-- the survivor rule is packed into one bigint score (named, filled fields, lowest id), so a
-- hash aggregate max(score) per duplicate key replaces a sort + window over all rows.
WITH k AS MATERIALIZED (
    SELECT x.id, x.named, x.dkey, x.row_data,
           (((x.named::int * 8 + x.filled)::bigint) << 40) | (1099511627775 - x.id) AS score
    FROM (
        SELECT y.id, y.named, y.row_data,
               (y.fn IS NOT NULL)::int + (y.ln IS NOT NULL)::int + y.other_filled AS filled,
               CASE WHEN y.pin IS NOT NULL THEN 'P' || y.pin
                    WHEN y.named AND migration_audit.parse_date(y.bd) IS NOT NULL  -- evaluated for rows without pincode only
                        THEN 'N' || lower(y.fn) || '|' || lower(y.ln) || '|' || migration_audit.parse_date(y.bd)
                    ELSE 'I' || y.id END COLLATE "C" AS dkey  -- byte order: only equality matters
        FROM (
            SELECT s.id::bigint AS id,
                   nullif(btrim(s.firstname), '') AS fn,
                   nullif(btrim(s.lastname), '') AS ln,
                   upper(nullif(btrim(s.pincode), '')) AS pin,
                   s.birthdate AS bd,
                   (nullif(btrim(s.firstname), '') IS NOT NULL AND nullif(btrim(s.lastname), '') IS NOT NULL) AS named,
                   (s.patronymic IS NOT NULL)::int + (s.gender_id IS NOT NULL)::int + (s.birthdate IS NOT NULL)::int
                     + (nullif(btrim(s.pincode), '') IS NOT NULL)::int + (s.citizenship_id IS NOT NULL)::int AS other_filled,
                   CASE WHEN nullif(btrim(s.firstname), '') IS NULL OR nullif(btrim(s.lastname), '') IS NULL
                        THEN to_jsonb(s) END AS row_data
            FROM migration_stage.persons s
        ) y
    ) x
),
dup AS MATERIALIZED (
    SELECT dkey, max(score) AS best FROM k GROUP BY dkey HAVING count(*) > 1
),
-- Decisions for every row that is not simply "migrated as itself": members of duplicate groups,
-- and nameless singletons (rejected).
dec AS MATERIALIZED (
    SELECT k.id, k.dkey, k.named, k.row_data,
           1099511627775 - (d.best & 1099511627775) AS survivor_id,
           d.best >= (8::bigint << 40) AS survivor_named
    FROM k JOIN dup d USING (dkey)
    UNION ALL
    SELECT k.id, k.dkey, k.named, k.row_data, k.id, false
    FROM k
    WHERE NOT k.named AND NOT EXISTS (SELECT 1 FROM dup d WHERE d.dkey = k.dkey)
),
ins AS (
    INSERT INTO public.persons (id, firstname, lastname, patronymic, gender_id, birthdate, pincode,
                                citizenship_id, created_at, updated_at)
    SELECT s.id::bigint, btrim(s.firstname), btrim(s.lastname), s.patronymic, s.gender_id::bigint,
           migration_audit.parse_date(s.birthdate), upper(nullif(btrim(s.pincode), '')), s.citizenship_id::bigint,
           s.create_date::timestamp, s.update_date::timestamp
    FROM migration_stage.persons s
    LEFT JOIN dec ON dec.id = s.id::bigint
    WHERE dec.id IS NULL OR (dec.id = dec.survivor_id AND dec.survivor_named)
),
mrg AS (
    INSERT INTO migration_audit.merged_rows (source_table, source_id, survivor_id, rule)
    SELECT 'persons', id, survivor_id,
           CASE left(dkey, 1) WHEN 'P' THEN 'same normalized pincode'
                              ELSE 'same normalized firstname + lastname + birthdate' END
    FROM dec WHERE id <> survivor_id AND survivor_named
)
INSERT INTO migration_audit.rejected_rows (source_table, source_id, reason, row_data)
SELECT 'persons', id,
       CASE WHEN coalesce(btrim(row_data->>'firstname'), '') = '' AND coalesce(btrim(row_data->>'lastname'), '') = ''
            THEN 'firstname and lastname are NULL or blank (required)'
            WHEN coalesce(btrim(row_data->>'firstname'), '') = '' THEN 'firstname is NULL or blank (required)'
            ELSE 'lastname is NULL or blank (required)' END,
       row_data
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
       (SELECT count(*) FROM migration_stage.persons)
         + (SELECT count(*) FROM migration_audit.rejected_rows WHERE source_table = 'persons' AND key_problem),
       (SELECT count(*) FROM public.persons);
