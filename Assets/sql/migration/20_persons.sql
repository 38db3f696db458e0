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
-- accounts/students/teachers are remapped through persons + merged_rows (view migration_audit.person_map).
-- One transaction (run by the core); idempotent: deletes its own rows and ledger rows first.

SET LOCAL work_mem = '128MB';

DELETE FROM public.persons;
DELETE FROM migration_audit.rejected_rows  WHERE source_table = 'persons';
DELETE FROM migration_audit.merged_rows    WHERE source_table = 'persons';
DELETE FROM migration_audit.load_counts    WHERE source_table = 'persons';

WITH p AS (
    SELECT s.id::bigint AS id,
           nullif(btrim(s.firstname), '') AS firstname,
           nullif(btrim(s.lastname), '')  AS lastname,
           s.patronymic, s.gender_id::bigint AS gender_id, s.birthdate::date AS birthdate,
           upper(nullif(btrim(s.pincode), '')) AS pincode,
           s.citizenship_id::bigint AS citizenship_id,
           s.create_date::timestamp AS created_at, s.update_date::timestamp AS updated_at,
           CASE WHEN nullif(btrim(s.firstname), '') IS NULL OR nullif(btrim(s.lastname), '') IS NULL
                THEN to_jsonb(s) END AS row_data
    FROM migration_stage.persons s
),
k AS (
    SELECT p.*,
           (firstname IS NOT NULL AND lastname IS NOT NULL) AS named,
           (firstname IS NOT NULL)::int + (lastname IS NOT NULL)::int + (patronymic IS NOT NULL)::int
             + (gender_id IS NOT NULL)::int + (birthdate IS NOT NULL)::int + (pincode IS NOT NULL)::int
             + (citizenship_id IS NOT NULL)::int AS filled,
           CASE WHEN pincode IS NOT NULL THEN 'P' || lower(pincode)
                WHEN firstname IS NOT NULL AND lastname IS NOT NULL AND birthdate IS NOT NULL
                THEN 'N' || lower(firstname) || '|' || lower(lastname) || '|' || birthdate
                ELSE 'I' || id END COLLATE "C" AS dkey  -- byte order: only equality matters
    FROM p
),
r AS MATERIALIZED (
    SELECT k.*,
           first_value(id)    OVER w AS survivor_id,
           first_value(named) OVER w AS survivor_named
    FROM k
    WINDOW w AS (PARTITION BY dkey ORDER BY named DESC, filled DESC, id)
),
ins AS (
    INSERT INTO public.persons (id, firstname, lastname, patronymic, gender_id, birthdate, pincode,
                                citizenship_id, created_at, updated_at)
    SELECT id, firstname, lastname, patronymic, gender_id, birthdate, pincode,
           citizenship_id, created_at, updated_at
    FROM r WHERE id = survivor_id AND survivor_named
),
mrg AS (
    INSERT INTO migration_audit.merged_rows (source_table, source_id, survivor_id, rule)
    SELECT 'persons', id, survivor_id,
           CASE left(dkey, 1) WHEN 'P' THEN 'same normalized pincode'
                              ELSE 'same normalized firstname + lastname + birthdate' END
    FROM r WHERE id <> survivor_id AND survivor_named
)
INSERT INTO migration_audit.rejected_rows (source_table, source_id, reason, row_data)
SELECT 'persons', id,
       CASE WHEN firstname IS NULL AND lastname IS NULL THEN 'firstname and lastname are NULL or blank (required)'
            WHEN firstname IS NULL THEN 'firstname is NULL or blank (required)'
            ELSE 'lastname is NULL or blank (required)' END,
       row_data
FROM r WHERE NOT survivor_named;


INSERT INTO migration_audit.load_counts (source_table, position, target_table, source_rows, migrated)
SELECT 'persons', 3, 'persons',
       (SELECT count(*) FROM migration_stage.persons),
       (SELECT count(*) FROM public.persons);
