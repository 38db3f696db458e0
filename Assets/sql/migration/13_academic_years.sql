-- Load academic_years: DERIVED from the legacy data (no legacy table, so no ledger rows).
-- One row per legacy education_year_id that appears in education_group or course; the id is kept,
-- so groups and courses reference it unchanged. Its start year (academic year = 1 Sep .. 30 Jun)
-- is taken from, in order:
--   1. a legacy dictionaries row with that id whose name_az/name_en reads like "2023/2024" or
--      "2023-2024" (education years are dictionary entries in the legacy system);
--   2. the most frequent academic start year of the parseable course.start_date values of the
--      courses with that year id (a date before September belongs to the year that began the
--      previous September); ties → the earliest;
--   3. the same over create_date of the groups and courses with that year id.
-- No clue at all → name 'Legacy year <id>', dates NULL.
-- Current year: the one whose [start_date, end_date] contains current_date; otherwise the latest
-- one that has started; ties → highest id. Exactly one row is current when any has dates.
-- One transaction (run by the core); idempotent: deletes its own rows first.

SET LOCAL work_mem = '64MB';

DELETE FROM public.academic_years;

-- Only ids with a legacy dictionary entry: a dangling one (77777, a placeholder 0) is no year; the
-- groups and courses that name it get NULL, recorded (migration/30, 32).
WITH ids AS (
    SELECT r.id FROM (
        SELECT education_year_id::bigint AS id FROM migration_stage.education_group WHERE education_year_id IS NOT NULL
        UNION
        SELECT education_year_id::bigint FROM migration_stage.course WHERE education_year_id IS NOT NULL
    ) r
    WHERE r.id IN (SELECT id::bigint FROM migration_stage.dictionaries WHERE id IS NOT NULL)
),
from_dict AS (
    SELECT d.id::bigint AS id,
           (regexp_match(coalesce(d.name_az, '') || ' ' || coalesce(d.name_en, ''),
                         '((?:19|20)\d\d)\s*[-/]\s*(?:(?:19|20)\d\d|\d\d)'))[1]::int AS sy
    FROM migration_stage.dictionaries d
    WHERE d.id::bigint IN (SELECT id FROM ids)
),
course_dates AS (
    SELECT c.education_year_id::bigint AS id,
           migration_audit.parse_date(c.start_date) AS d
    FROM migration_stage.course c
    WHERE c.education_year_id IS NOT NULL AND c.start_date IS NOT NULL
),
from_courses AS (
    SELECT id,
           mode() WITHIN GROUP (ORDER BY extract(year FROM d)::int
                                        - CASE WHEN extract(month FROM d) < 9 THEN 1 ELSE 0 END) AS sy
    FROM course_dates WHERE d IS NOT NULL
    GROUP BY id
),
created AS (  -- only plausible timestamps: 'infinity' or year 1 would make no academic year
    SELECT id, ts FROM (
        SELECT education_year_id::bigint AS id, create_date::timestamp AS ts
        FROM migration_stage.education_group WHERE education_year_id IS NOT NULL AND create_date IS NOT NULL
        UNION ALL
        SELECT education_year_id::bigint, create_date::timestamp
        FROM migration_stage.course WHERE education_year_id IS NOT NULL AND create_date IS NOT NULL
    ) c
    WHERE ts >= '1900-01-01' AND ts < '2101-01-01'
),
from_created AS (
    SELECT id,
           mode() WITHIN GROUP (ORDER BY extract(year FROM ts)::int
                                        - CASE WHEN extract(month FROM ts) < 9 THEN 1 ELSE 0 END) AS sy
    FROM created GROUP BY id
),
years AS (
    SELECT ids.id, coalesce(fd.sy, fc.sy, fr.sy) AS sy
    FROM ids
    LEFT JOIN from_dict fd ON fd.id = ids.id
    LEFT JOIN from_courses fc ON fc.id = ids.id
    LEFT JOIN from_created fr ON fr.id = ids.id
),
dated AS (
    SELECT id,
           CASE WHEN sy IS NULL THEN 'Legacy year ' || id ELSE sy || '/' || (sy + 1) END AS name,
           make_date(sy, 9, 1) AS start_date,
           make_date(sy + 1, 6, 30) AS end_date
    FROM years
),
cur AS (
    SELECT id FROM dated
    WHERE start_date <= current_date
    ORDER BY (current_date <= end_date) DESC, start_date DESC, id DESC
    LIMIT 1
)
INSERT INTO public.academic_years (id, name, start_date, end_date, is_current)
SELECT d.id, d.name, d.start_date, d.end_date, d.id IN (SELECT id FROM cur)
FROM dated d;
