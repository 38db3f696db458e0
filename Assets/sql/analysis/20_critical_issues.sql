/*
 Phase 1, Day 3-4: critical issues in the legacy database - the report the DBA reads before
 signing off the analysis. Read-only, pure SQL (no functions, no temp tables: the legacy session
 is read-only). Five statements, one result table each, all with the columns
     issue, count, coalesce(array_to_string(sample_ids, ','), '') AS sample_ids, status
   count      = rows affected (for duplicates: the rows that would be folded into a survivor,
                i.e. group size - 1 per group; the lowest id of each group is not counted)
   sample_ids = up to 5 ids (ascending, comma-separated) of affected rows of the table named first
   status     = 'warn' when count > 0, else 'pass'
 Normalization (as the migration's for ordinary values): blanks, tabs and newlines trimmed;
 pincode upper-cased; names and usernames lower-cased. Pure-ASCII values take PostgreSQL's fast
 "C" case mapping, which gives the same result as the database locale for ASCII. The migration
 goes further on rare values (migration/20_persons.sql): it also removes no-break and zero-width
 spaces, and a placeholder pincode ('N/A', '-', one value typed for three or more different
 names) merges no one - counted here as duplicates, so the DBA sees them before signing off.
 Dates: a value is parseable when, trimmed, it is 'YYYY-MM-DD', 'YYYY-MM-DD HH24:MI:SS',
 'DD.MM.YYYY' or 'YYYYMMDD' AND a real calendar date (day <= days of that month, leap years; year
 1900..2100; time <= 23:59:59). Shape (translate) + arithmetic: it never raises. Conservative: the
 migration also reads other separators, 1-digit parts, ISO 'T' timestamps and English month
 names; nulled_values records only what it could not read.
*/

-- settings for this transaction only (the core rolls the transaction back): no JIT (~700
-- expressions would cost seconds to compile), memory for in-memory sorts and hashes.
SET jit = off;
SET work_mem = '64MB';

-- Critical issues: duplicates (persons, usernames) and the references to remap
WITH
pk AS (   -- person dedup key: normalized pincode, else normalized name + birthdate
    -- A pincode that cannot identify anyone (as migration_audit.pincode_is_id, 00_staging.sql:
    -- no letter or digit, one repeated character, a word for "none", over 64 characters) keys
    -- nobody, as in the migration: the person is matched on name + birthdate (placeholder).
    SELECT id, pin, placeholder,
           CASE WHEN pin IS NULL THEN lower(btrim(firstname::text, E' \t\r\n')) END AS fn,
           CASE WHEN pin IS NULL THEN lower(btrim(lastname::text, E' \t\r\n')) END AS ln,
           birthdate
    FROM (SELECT id, firstname, lastname, birthdate,
                 CASE WHEN is_id THEN pin_raw END AS pin,
                 pin_raw IS NOT NULL AND NOT is_id AS placeholder
          FROM (SELECT id, firstname, lastname, birthdate, pin_raw,
                       coalesce(char_length(pin_raw) <= 64 AND pin_raw ~ '[0-9A-Z]|[^\x01-\x7F]'
                                AND ltrim(pin_raw, left(pin_raw, 1)) <> ''
                                AND pin_raw NOT IN ('NULL', 'NONE', 'NIL', 'NA', 'N/A', 'N.A.', 'NAN', 'UNKNOWN', 'UNDEFINED',
                                                    'EMPTY', 'YOX', 'YOXDUR', 'BILINMIR'), false) AS is_id
                FROM (SELECT id, firstname, lastname, birthdate,
                             nullif(CASE WHEN octet_length(pincode::text) = char_length(pincode::text)
                                         THEN upper(btrim(pincode::text, E' \t\r\n') COLLATE "C") COLLATE "default"
                                         ELSE upper(btrim(pincode::text, E' \t\r\n')) END, '') AS pin_raw
                      FROM persons) r) q) p
),
dup_pin AS (
    SELECT pk.id
    FROM pk JOIN (SELECT pin, min(id) AS keep FROM pk WHERE pin IS NOT NULL GROUP BY pin HAVING count(*) > 1) g
         ON g.pin = pk.pin
    WHERE pk.id <> g.keep
),
dup_name AS (
    SELECT pk.id
    FROM pk JOIN (SELECT fn, ln, birthdate, min(id) AS keep FROM pk
                  WHERE pin IS NULL AND fn <> '' AND ln <> '' AND birthdate IS NOT NULL
                  GROUP BY fn, ln, birthdate HAVING count(*) > 1) g
         USING (fn, ln, birthdate)
    WHERE pk.pin IS NULL AND pk.id <> g.keep
),
dup_person AS (SELECT id FROM dup_pin UNION ALL SELECT id FROM dup_name),
acc AS (
    SELECT id, person_id,
           CASE WHEN octet_length(username::text) = char_length(username::text)
                THEN lower(btrim(username::text, E' \t\r\n') COLLATE "C") COLLATE "default"
                ELSE lower(btrim(username::text, E' \t\r\n')) END AS u
    FROM accounts WHERE btrim(username::text, E' \t\r\n') <> ''
),
acc_groups AS (   -- case/blank-folded username groups; `persons` = distinct normalized person keys
    SELECT acc.u,
           count(DISTINCT coalesce(CASE WHEN pk.pin IS NOT NULL THEN 'P:' || pk.pin
                                        ELSE 'N:' || pk.fn || '|' || pk.ln || '|' || pk.birthdate END,
                                   'A:' || acc.person_id)) AS persons,
           array_agg(acc.id ORDER BY acc.id) AS ids
    FROM (SELECT u FROM acc GROUP BY u HAVING count(*) > 1) d
    JOIN acc ON acc.u = d.u
    LEFT JOIN pk ON pk.id = acc.person_id
    GROUP BY acc.u
),
issues (ord, issue, count, sample_ids) AS (
    SELECT 101, 'duplicate persons: same normalized pincode (one typed for different people is not merged: see the ledger)',
           count(*), (array_agg(id ORDER BY id))[1:5] FROM dup_pin
    UNION ALL
    SELECT 108, 'persons whose pincode is a placeholder (N/A, -, 0000000, a word for none): stored NULL, matched on name + birthdate',
           count(*), (array_agg(id ORDER BY id))[1:5] FROM pk WHERE placeholder
    UNION ALL
    SELECT 102, 'duplicate persons: no (usable) pincode, same normalized name + birthdate',
           count(*), (array_agg(id ORDER BY id))[1:5] FROM dup_name
    UNION ALL
    SELECT 103, 'duplicate usernames (case/blank-folded): same person',
           coalesce(sum(cardinality(ids) - 1), 0), (array_agg(ids[2] ORDER BY ids[2]))[1:5]
    FROM acc_groups WHERE persons = 1
    UNION ALL
    SELECT 104, 'duplicate usernames (case/blank-folded): different persons',
           coalesce(sum(cardinality(ids) - 1), 0), (array_agg(ids[2] ORDER BY ids[2]))[1:5]
    FROM acc_groups WHERE persons > 1
    UNION ALL
    SELECT 105, 'accounts of duplicate persons (to remap)', count(*), (array_agg(a.id ORDER BY a.id))[1:5]
    FROM accounts a WHERE a.person_id IN (SELECT id FROM dup_person)
    UNION ALL
    SELECT 106, 'students of duplicate persons (to remap)', count(*), (array_agg(s.id ORDER BY s.id))[1:5]
    FROM students s WHERE s.person_id IN (SELECT id FROM dup_person)
    UNION ALL
    SELECT 107, 'teachers of duplicate persons (to remap)', count(*), (array_agg(t.id ORDER BY t.id))[1:5]
    FROM teachers t WHERE t.person_id IN (SELECT id FROM dup_person)
)
SELECT issue, count, coalesce(array_to_string(sample_ids, ','), '') AS sample_ids,
       CASE WHEN count > 0 THEN 'warn' ELSE 'pass' END AS status
FROM issues ORDER BY ord;

-- Critical issues: orphans, one row per relationship the target enforces
WITH
orphans (rel, id) AS (   -- one anti-join per parent table (its hash is built once)
    SELECT rel, id FROM (
                  SELECT 'accounts.person_id -> persons' AS rel, id, person_id AS ref FROM accounts
        UNION ALL SELECT 'students.person_id -> persons', id, person_id FROM students
        UNION ALL SELECT 'teachers.person_id -> persons', id, person_id FROM teachers
    ) r WHERE ref IS NOT NULL AND NOT EXISTS (SELECT 1 FROM persons p WHERE p.id = r.ref)
    UNION ALL
    SELECT 'users.account_id -> accounts', id FROM users r
    WHERE account_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM accounts p WHERE p.id = r.account_id)
    UNION ALL
    SELECT rel, id FROM (
                  SELECT 'students.user_id -> users' AS rel, id, user_id AS ref FROM students
        UNION ALL SELECT 'teachers.user_id -> users', id, user_id FROM teachers
    ) r WHERE ref IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users p WHERE p.id = r.ref)
    UNION ALL
    SELECT rel, id FROM (
                  SELECT 'users.organization_id -> organizations' AS rel, id, organization_id AS ref FROM users
        UNION ALL SELECT 'students.org_id -> organizations', id, org_id FROM students
        UNION ALL SELECT 'teachers.organization_id -> organizations', id, organization_id FROM teachers
        UNION ALL SELECT 'organizations.parent_id -> organizations', id, parent_id FROM organizations
        UNION ALL SELECT 'education_group.organization_id -> organizations', id, organization_id FROM education_group
    ) r WHERE ref IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organizations p WHERE p.id = r.ref)
    UNION ALL
    SELECT rel, id FROM (
                  SELECT 'dictionaries.parent_id -> dictionaries' AS rel, id, parent_id AS ref FROM dictionaries
        UNION ALL SELECT 'education_group.education_year_id -> dictionaries', id, education_year_id FROM education_group
        UNION ALL SELECT 'course.education_year_id -> dictionaries', id, education_year_id FROM course
    ) r WHERE ref IS NOT NULL AND NOT EXISTS (SELECT 1 FROM dictionaries p WHERE p.id = r.ref)
    UNION ALL
    SELECT rel, id FROM (
                  SELECT 'education_group.tyutor_id -> teachers' AS rel, id, tyutor_id AS ref FROM education_group
        UNION ALL SELECT 'course_teacher.teacher_id -> teachers', id, teacher_id FROM course_teacher
    ) r WHERE ref IS NOT NULL AND NOT EXISTS (SELECT 1 FROM teachers p WHERE p.id = r.ref)
    UNION ALL
    SELECT 'course.education_plan_subject_id -> education_plan_subject', id FROM course r
    WHERE education_plan_subject_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM education_plan_subject p WHERE p.id = r.education_plan_subject_id)
    UNION ALL
    SELECT rel, id FROM (
                  SELECT 'course_teacher.course_id -> course' AS rel, id, course_id AS ref FROM course_teacher
        UNION ALL SELECT 'course_student.course_id -> course', id, course_id FROM course_student
    ) r WHERE ref IS NOT NULL AND NOT EXISTS (SELECT 1 FROM course p WHERE p.id = r.ref)
    UNION ALL
    SELECT rel, id FROM (
                  SELECT 'course_student.student_id -> students' AS rel, id, student_id AS ref FROM course_student
        UNION ALL SELECT 'education_group_student.student_id -> students', id, student_id FROM education_group_student
    ) r WHERE ref IS NOT NULL AND NOT EXISTS (SELECT 1 FROM students p WHERE p.id = r.ref)
    UNION ALL
    SELECT 'education_group_student.education_group_id -> education_group', id FROM education_group_student r
    WHERE education_group_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM education_group p WHERE p.id = r.education_group_id)
)
SELECT 'orphan ' || v.rel AS issue, count(o.id) AS count,
       coalesce(array_to_string((array_agg(o.id ORDER BY o.id) FILTER (WHERE o.id IS NOT NULL))[1:5], ','), '') AS sample_ids,
       CASE WHEN count(o.id) > 0 THEN 'warn' ELSE 'pass' END AS status
FROM (VALUES (1, 'accounts.person_id -> persons'), (2, 'users.account_id -> accounts'),
             (3, 'users.organization_id -> organizations'), (4, 'students.person_id -> persons'),
             (5, 'students.user_id -> users'), (6, 'students.org_id -> organizations'),
             (7, 'teachers.person_id -> persons'), (8, 'teachers.user_id -> users'),
             (9, 'teachers.organization_id -> organizations'), (10, 'organizations.parent_id -> organizations'),
             (11, 'dictionaries.parent_id -> dictionaries'), (12, 'education_group.organization_id -> organizations'),
             (13, 'education_group.tyutor_id -> teachers'), (14, 'education_group.education_year_id -> dictionaries'),
             (15, 'course.education_plan_subject_id -> education_plan_subject'),
             (16, 'course.education_year_id -> dictionaries'), (17, 'course_teacher.course_id -> course'),
             (18, 'course_teacher.teacher_id -> teachers'), (19, 'course_student.course_id -> course'),
             (20, 'course_student.student_id -> students'),
             (21, 'education_group_student.education_group_id -> education_group'),
             (22, 'education_group_student.student_id -> students')) v(ord, rel)
LEFT JOIN orphans o ON o.rel = v.rel
GROUP BY v.ord, v.rel
ORDER BY v.ord;

-- Critical issues: missing or unusable values (required fields, flags, codes)
WITH
p AS (
    SELECT count(*) FILTER (WHERE coalesce(btrim(firstname::text, E' \t\r\n'), '') = '') AS fn,
           (array_agg(id ORDER BY id) FILTER (WHERE coalesce(btrim(firstname::text, E' \t\r\n'), '') = ''))[1:5] AS fn_ids,
           count(*) FILTER (WHERE coalesce(btrim(lastname::text, E' \t\r\n'), '') = '') AS ln,
           (array_agg(id ORDER BY id) FILTER (WHERE coalesce(btrim(lastname::text, E' \t\r\n'), '') = ''))[1:5] AS ln_ids,
           count(*) FILTER (WHERE coalesce(btrim(pincode::text, E' \t\r\n'), '') = '') AS pin,
           (array_agg(id ORDER BY id) FILTER (WHERE coalesce(btrim(pincode::text, E' \t\r\n'), '') = ''))[1:5] AS pin_ids,
           count(*) FILTER (WHERE pincode::text <> upper(btrim(pincode::text, E' \t\r\n')) AND btrim(pincode::text, E' \t\r\n') <> '') AS unclean,
           (array_agg(id ORDER BY id) FILTER (WHERE pincode::text <> upper(btrim(pincode::text, E' \t\r\n'))
                                              AND btrim(pincode::text, E' \t\r\n') <> ''))[1:5] AS unclean_ids
    FROM persons
),
a AS (
    SELECT count(*) FILTER (WHERE coalesce(btrim(username::text, E' \t\r\n'), '') = '') AS un,
           (array_agg(id ORDER BY id) FILTER (WHERE coalesce(btrim(username::text, E' \t\r\n'), '') = ''))[1:5] AS un_ids,
           count(*) FILTER (WHERE person_id IS NULL) AS pid,
           (array_agg(id ORDER BY id) FILTER (WHERE person_id IS NULL))[1:5] AS pid_ids,
           count(*) FILTER (WHERE activity_status IS NULL) AS flag
    FROM accounts
),
u AS (
    SELECT count(*) FILTER (WHERE account_id IS NULL) AS aid,
           (array_agg(id ORDER BY id) FILTER (WHERE account_id IS NULL))[1:5] AS aid_ids,
           count(*) FILTER (WHERE user_type IS NULL OR btrim(user_type::text) NOT IN ('1', '2', '3')) AS ut,
           (array_agg(id ORDER BY id) FILTER (WHERE (user_type IS NULL OR btrim(user_type::text) NOT IN ('1', '2', '3'))))[1:5] AS ut_ids,
           count(*) FILTER (WHERE is_blocked IS NULL) AS flag
    FROM users
),
s AS (
    SELECT count(*) FILTER (WHERE person_id IS NULL) AS pid,
           (array_agg(id ORDER BY id) FILTER (WHERE person_id IS NULL))[1:5] AS pid_ids,
           count(*) FILTER (WHERE coalesce(btrim(card_number::text, E' \t\r\n'), '') = '') AS card,
           (array_agg(id ORDER BY id) FILTER (WHERE coalesce(btrim(card_number::text, E' \t\r\n'), '') = ''))[1:5] AS card_ids,
           count(*) FILTER (WHERE active IS NULL) AS flag
    FROM students
),
t AS (
    SELECT count(*) FILTER (WHERE person_id IS NULL) AS pid,
           (array_agg(id ORDER BY id) FILTER (WHERE person_id IS NULL))[1:5] AS pid_ids,
           count(*) FILTER (WHERE active IS NULL) AS flag
    FROM teachers
),
g AS (
    SELECT count(*) FILTER (WHERE coalesce(btrim(name::text, E' \t\r\n'), '') = '') AS nm,
           (array_agg(id ORDER BY id) FILTER (WHERE coalesce(btrim(name::text, E' \t\r\n'), '') = ''))[1:5] AS nm_ids,
           count(*) FILTER (WHERE education_year_id IS NULL) AS yr,
           (array_agg(id ORDER BY id) FILTER (WHERE education_year_id IS NULL))[1:5] AS yr_ids,
           count(*) FILTER (WHERE active IS NULL) AS flag
    FROM education_group
),
e AS (
    SELECT count(*) FILTER (WHERE subject_id IS NULL) AS sid,
           (array_agg(id ORDER BY id) FILTER (WHERE subject_id IS NULL))[1:5] AS sid_ids,
           count(*) FILTER (WHERE coalesce(btrim(name_az::text, E' \t\r\n'), '') = '') AS nm,
           (array_agg(id ORDER BY id) FILTER (WHERE coalesce(btrim(name_az::text, E' \t\r\n'), '') = ''))[1:5] AS nm_ids
    FROM education_plan_subject
),
c AS (
    SELECT count(*) FILTER (WHERE coalesce(btrim(code::text, E' \t\r\n'), '') = '') AS code,
           (array_agg(id ORDER BY id) FILTER (WHERE coalesce(btrim(code::text, E' \t\r\n'), '') = ''))[1:5] AS code_ids,
           count(*) FILTER (WHERE education_year_id IS NULL) AS yr,
           (array_agg(id ORDER BY id) FILTER (WHERE education_year_id IS NULL))[1:5] AS yr_ids,
           count(*) FILTER (WHERE active IS NULL) AS flag
    FROM course
),
o AS (
    SELECT count(*) FILTER (WHERE coalesce(btrim(name_az::text, E' \t\r\n'), '') = '') AS nm,
           (array_agg(id ORDER BY id) FILTER (WHERE coalesce(btrim(name_az::text, E' \t\r\n'), '') = ''))[1:5] AS nm_ids,
           count(*) FILTER (WHERE active IS NULL) AS flag
    FROM organizations
),
d AS (
    SELECT count(*) FILTER (WHERE type_id IS NULL) AS tp,
           (array_agg(id ORDER BY id) FILTER (WHERE type_id IS NULL))[1:5] AS tp_ids
    FROM dictionaries
),
links AS (
    SELECT (SELECT count(*) FROM course_student WHERE active IS NULL)
         + (SELECT count(*) FROM education_group_student WHERE active IS NULL) AS flag
)
SELECT r.issue, r.count, coalesce(array_to_string(r.ids, ','), '') AS sample_ids,
       CASE WHEN r.count > 0 THEN 'warn' ELSE 'pass' END AS status
FROM p, a, u, s, t, g, e, c, o, d, links
CROSS JOIN LATERAL (VALUES
    (1, 'persons.firstname NULL or blank', p.fn, p.fn_ids),
    (2, 'persons.lastname NULL or blank', p.ln, p.ln_ids),
    (3, 'persons.pincode NULL or blank (dedup falls back to name + birthdate)', p.pin, p.pin_ids),
    (4, 'persons.pincode not clean (case or blanks)', p.unclean, p.unclean_ids),
    (5, 'accounts.username NULL or blank', a.un, a.un_ids),
    (6, 'accounts.person_id NULL', a.pid, a.pid_ids),
    (7, 'users.account_id NULL', u.aid, u.aid_ids),
    (8, 'students.person_id NULL', s.pid, s.pid_ids),
    (9, 'teachers.person_id NULL', t.pid, t.pid_ids),
    (10, 'students.card_number NULL or blank (student number generated)', s.card, s.card_ids),
    (11, 'organizations.name_az NULL or blank', o.nm, o.nm_ids),
    (12, 'dictionaries.type_id NULL', d.tp, d.tp_ids),
    (13, 'education_group.name NULL or blank', g.nm, g.nm_ids),
    (14, 'education_group.education_year_id NULL', g.yr, g.yr_ids),
    (15, 'education_plan_subject.subject_id NULL', e.sid, e.sid_ids),
    (16, 'education_plan_subject.name_az NULL or blank', e.nm, e.nm_ids),
    (17, 'course.code NULL or blank', c.code, c.code_ids),
    (18, 'course.education_year_id NULL', c.yr, c.yr_ids),
    (19, 'flags NULL (active/activity_status/is_blocked, all tables)',
         a.flag + u.flag + s.flag + t.flag + g.flag + c.flag + o.flag + links.flag, NULL::int[]),
    (20, 'users.user_type not 1/2/3 (mapped to staff)', u.ut, u.ut_ids)
) r(ord, issue, count, ids)
ORDER BY r.ord;

-- Critical issues: unparseable and blank dates, subjects and course mapping
WITH
dates AS (
    SELECT col, id, t,
           CASE fmt WHEN 3 THEN substr(t, 7, 4)::int WHEN 1 THEN substr(t, 1, 4)::int WHEN 2 THEN substr(t, 1, 4)::int
                    WHEN 4 THEN substr(t, 1, 4)::int END AS y,
           CASE fmt WHEN 3 THEN substr(t, 4, 2)::int WHEN 1 THEN substr(t, 6, 2)::int WHEN 2 THEN substr(t, 6, 2)::int
                    WHEN 4 THEN substr(t, 5, 2)::int END AS m,
           CASE fmt WHEN 3 THEN substr(t, 1, 2)::int WHEN 1 THEN substr(t, 9, 2)::int WHEN 2 THEN substr(t, 9, 2)::int
                    WHEN 4 THEN substr(t, 7, 2)::int END AS d,
           CASE WHEN fmt = 2 THEN substr(t, 12, 2)::int < 24 AND substr(t, 15, 2)::int < 60
                                  AND substr(t, 18, 2)::int < 60
                ELSE true END AS time_ok
    FROM (
        SELECT col, id, t,
               CASE translate(t, '0123456789', '9999999999')   -- the value's shape, digits as 9
                    WHEN '9999-99-99' THEN 1
                    WHEN '9999-99-99 99:99:99' THEN 2
                    WHEN '99.99.9999' THEN 3
                    WHEN '99999999' THEN 4 END AS fmt               -- NULL: no known format
        FROM (
                      SELECT 'students.in_order_date' AS col, id, btrim(in_order_date::text, E' \t\r\n') AS t FROM students
            UNION ALL SELECT 'teachers.in_action_date', id, btrim(in_action_date::text, E' \t\r\n') FROM teachers
            UNION ALL SELECT 'course.start_date', id, btrim(start_date::text, E' \t\r\n') FROM course
            -- a date column reads as ISO text (always parseable); a text one may hold junk
            UNION ALL SELECT 'persons.birthdate', id, btrim(birthdate::text, E' \t\r\n') FROM persons
        ) v
        OFFSET 0   -- compute the shape once per value (keeps the planner from inlining fmt)
    ) f
),
date_class AS (
    SELECT col, id,
           CASE WHEN t IS NULL OR t = '' THEN 'blank'
                WHEN y BETWEEN 1900 AND 2100 AND m BETWEEN 1 AND 12 AND time_ok
                     AND d BETWEEN 1 AND CASE WHEN m = 2 THEN CASE WHEN (y % 4 = 0 AND y % 100 <> 0) OR y % 400 = 0
                                                                   THEN 29 ELSE 28 END
                                              WHEN m IN (4, 6, 9, 11) THEN 30 ELSE 31 END
                THEN 'ok'
                ELSE 'unparseable' END AS class
    FROM dates
),
subj AS (
    SELECT subject_id,
           count(DISTINCT name_az) AS names_az,
           count(DISTINCT ROW(code, name_az, name_en, name_ru, coalesce(credits::text, '0')))
               FILTER (WHERE name_az IS NOT NULL) AS guide_rows
    FROM education_plan_subject WHERE subject_id IS NOT NULL GROUP BY subject_id
),
issues (ord, issue, count, sample_ids) AS (
    SELECT c.n, c.kind || ' date: ' || c.col, count(dc.id),
           (array_agg(dc.id ORDER BY dc.id) FILTER (WHERE dc.id IS NOT NULL))[1:5]
    FROM (VALUES (1, 'unparseable', 'students.in_order_date'), (2, 'unparseable', 'teachers.in_action_date'),
                 (3, 'unparseable', 'course.start_date'), (4, 'blank', 'students.in_order_date'),
                 (5, 'blank', 'teachers.in_action_date'), (6, 'blank', 'course.start_date'),
                 (7, 'unparseable', 'persons.birthdate'), (8, 'blank', 'persons.birthdate')) c(n, kind, col)
    LEFT JOIN date_class dc ON dc.col = c.col AND dc.class = c.kind
    GROUP BY c.n, c.kind, c.col
    UNION ALL
    SELECT 11, 'education_plan_subject: subject ids with conflicting names', count(*),
           (array_agg(subject_id ORDER BY subject_id))[1:5]
    FROM subj WHERE names_az > 1
    UNION ALL
    SELECT 12, 'education_plan_subject: subject ids the guide''s DISTINCT exports twice', count(*),
           (array_agg(subject_id ORDER BY subject_id))[1:5]
    FROM subj WHERE guide_rows > 1
    UNION ALL
    SELECT 13, 'course: education_plan_subject_id is not the subject id (guide maps it as one)', count(*),
           (array_agg(c.id ORDER BY c.id))[1:5]
    FROM course c JOIN education_plan_subject e ON e.id = c.education_plan_subject_id
    WHERE e.subject_id IS DISTINCT FROM c.education_plan_subject_id
)
SELECT issue, count, coalesce(array_to_string(sample_ids, ','), '') AS sample_ids,
       CASE WHEN count > 0 THEN 'warn' ELSE 'pass' END AS status
FROM issues ORDER BY ord;

-- Critical issues: legacy ids that cannot be kept (tables without a primary key)
WITH
-- A table without a primary key (or a unique index on id with id NOT NULL) may hold NULL or
-- repeated ids; the transfer rejects those rows (migration/05_legacy_keys.sql: the first row of a
-- repeated id keeps it). Only such tables are scanned. The tables are the manifest's
-- (Assets/plan/legacy_tables.yaml), passed by the core as the variable legacy_tables (JSON).
unkeyed AS (
    SELECT m.name AS relname, m.position
    FROM (SELECT l.entry->>'name' AS name, l.position
          FROM jsonb_array_elements(:'legacy_tables'::jsonb) WITH ORDINALITY AS l(entry, position)) m
    JOIN pg_class c ON c.relname = m.name
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
      AND NOT EXISTS (SELECT 1 FROM pg_index i
                      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                      WHERE i.indrelid = c.oid AND i.indisunique AND i.indnkeyatts = 1 AND i.indpred IS NULL
                        AND i.indexprs IS NULL AND a.attname = 'id' AND a.attnotnull)
),
-- Per unkeyed table, read-only and without creating anything on the legacy side: the rows
-- beyond one per id (NULL ids included) and up to five repeated ids, by a query built for it.
keys (ord, tbl, count, sample_ids) AS (
    SELECT u.position, u.relname,
           (xpath('/row/n/text()', x))[1]::text::bigint,
           string_to_array((xpath('/row/s/text()', x))[1]::text, ',')
    FROM unkeyed u,
         LATERAL query_to_xml(
             format('SELECT count(*) - count(DISTINCT id) AS n, '
                    '(SELECT array_to_string((array_agg(id ORDER BY id))[1:5], '','') '
                    ' FROM (SELECT id FROM public.%1$I GROUP BY id HAVING count(*) > 1) d) AS s '
                    'FROM public.%1$I', u.relname),
             false, true, '') AS x
)
SELECT 'legacy ' || tbl || ': rows with a NULL or repeated id (no primary key; rejected at transfer, the first keeps the id)' AS issue,
       count, coalesce(array_to_string(sample_ids, ','), '') AS sample_ids,
       CASE WHEN count > 0 THEN 'warn' ELSE 'pass' END AS status
FROM keys WHERE count IS NOT NULL
UNION ALL
SELECT 'every legacy table has a primary key on id (no NULL or repeated ids possible)', 0, '', 'pass'
WHERE NOT EXISTS (SELECT 1 FROM unkeyed)
ORDER BY 1;
