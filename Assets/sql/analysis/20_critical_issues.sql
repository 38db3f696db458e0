-- Phase 1, Day 3-4: critical issues in the legacy database, the report the DBA reads before
-- signing off the analysis. ONE statement, read-only (no functions, no temp tables: the legacy
-- session is read-only), pure SQL.
-- Columns: issue, count, sample_ids, status
--   count      = rows affected (for duplicates: the rows that would be folded into a survivor,
--                i.e. group size - 1 per group; the lowest id of each group is not counted)
--   sample_ids = up to 5 ids of affected rows of the table named first in `issue`, ascending
--   status     = 'warn' when count > 0, else 'pass'
-- Normalization used (and expected of the migration): keys compared btrim()-med of blanks,
-- tabs and newlines; pincode upper-cased, names and usernames lower-cased.
-- Dates: a value is parseable when, trimmed, it is 'YYYY-MM-DD', 'YYYY-MM-DD HH24:MI:SS' or
-- 'DD.MM.YYYY' AND it is a real calendar date (day <= days in that month, leap years; year
-- 1900..2100; time 00:00:00..23:59:59). The check is regex + arithmetic, it never raises.
-- JIT off for this statement's session/transaction: the plan has ~700 expressions and JIT
-- compilation alone costs seconds (it returns no rows, so the core shows no table for it).
SET jit = off;

WITH
pk AS (   -- person dedup key: normalized pincode, else normalized name + birthdate
    SELECT id, pin,
           CASE WHEN pin IS NULL THEN lower(btrim(firstname, E' \t\r\n')) END AS fn,
           CASE WHEN pin IS NULL THEN lower(btrim(lastname, E' \t\r\n')) END AS ln,
           birthdate
    FROM (SELECT id, nullif(upper(btrim(pincode, E' \t\r\n')), '') AS pin, firstname, lastname, birthdate
            FROM persons) p
),
pin_groups AS (
    SELECT pin, min(id) AS keep FROM pk WHERE pin IS NOT NULL GROUP BY pin HAVING count(*) > 1
),
dup_pin AS (
    SELECT pk.id FROM pk JOIN pin_groups g ON g.pin = pk.pin WHERE pk.id <> g.keep
),
name_groups AS (
    SELECT fn, ln, birthdate, min(id) AS keep FROM pk
    WHERE pin IS NULL AND fn <> '' AND ln <> '' AND birthdate IS NOT NULL
    GROUP BY fn, ln, birthdate HAVING count(*) > 1
),
dup_name AS (
    SELECT pk.id FROM pk JOIN name_groups g USING (fn, ln, birthdate)
    WHERE pk.pin IS NULL AND pk.id <> g.keep
),
acc AS (
    SELECT id, person_id, lower(btrim(username, E' \t\r\n')) AS u
    FROM accounts WHERE btrim(username, E' \t\r\n') <> ''
),
acc_groups AS (   -- case-folded username groups; `persons` = distinct normalized person keys
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
dates AS (
    SELECT col, id, t,
           CASE fmt WHEN 3 THEN substr(t, 7, 4)::int WHEN 1 THEN substr(t, 1, 4)::int WHEN 2 THEN substr(t, 1, 4)::int END AS y,
           CASE fmt WHEN 3 THEN substr(t, 4, 2)::int WHEN 1 THEN substr(t, 6, 2)::int WHEN 2 THEN substr(t, 6, 2)::int END AS m,
           CASE fmt WHEN 3 THEN substr(t, 1, 2)::int WHEN 1 THEN substr(t, 9, 2)::int WHEN 2 THEN substr(t, 9, 2)::int END AS d,
           CASE WHEN fmt = 2 THEN substr(t, 12, 2)::int < 24 AND substr(t, 15, 2)::int < 60
                                  AND substr(t, 18, 2)::int < 60
                ELSE true END AS time_ok
    FROM (
        SELECT col, id, t,
               CASE WHEN t ~ '^\d{4}-\d{2}-\d{2}$' THEN 1
                    WHEN t ~ '^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$' THEN 2
                    WHEN t ~ '^\d{2}\.\d{2}\.\d{4}$' THEN 3 END AS fmt   -- NULL: no known format
        FROM (
                      SELECT 'students.in_order_date' AS col, id, btrim(in_order_date, E' \t\r\n') AS t FROM students
            UNION ALL SELECT 'teachers.in_action_date', id, btrim(in_action_date, E' \t\r\n') FROM teachers
            UNION ALL SELECT 'course.start_date', id, btrim(start_date, E' \t\r\n') FROM course
        ) v
        OFFSET 0   -- evaluate each regex once per value (keeps the planner from inlining fmt)
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
           count(DISTINCT ROW(code, name_az, name_en, name_ru, coalesce(credits, 0)))
               FILTER (WHERE name_az IS NOT NULL) AS guide_rows
    FROM education_plan_subject WHERE subject_id IS NOT NULL GROUP BY subject_id
),
issues (ord, issue, count, sample_ids) AS (
    -- duplicates ------------------------------------------------------------------------------
    SELECT 101, 'duplicate persons: same normalized pincode',
           count(*), (array_agg(id ORDER BY id))[1:5] FROM dup_pin
    UNION ALL
    SELECT 102, 'duplicate persons: no pincode, same normalized name + birthdate',
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
    FROM accounts a WHERE a.person_id IN (SELECT id FROM dup_pin UNION ALL SELECT id FROM dup_name)
    UNION ALL
    SELECT 106, 'students of duplicate persons (to remap)', count(*), (array_agg(s.id ORDER BY s.id))[1:5]
    FROM students s WHERE s.person_id IN (SELECT id FROM dup_pin UNION ALL SELECT id FROM dup_name)
    UNION ALL
    SELECT 107, 'teachers of duplicate persons (to remap)', count(*), (array_agg(t.id ORDER BY t.id))[1:5]
    FROM teachers t WHERE t.person_id IN (SELECT id FROM dup_pin UNION ALL SELECT id FROM dup_name)
    -- orphans: every relationship the target enforces -------------------------------------------
    UNION ALL
    SELECT 201, 'orphan accounts.person_id -> persons', count(*), (array_agg(c.id ORDER BY c.id))[1:5]
    FROM accounts c WHERE c.person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM persons p WHERE p.id = c.person_id)
    UNION ALL
    SELECT 202, 'orphan users.account_id -> accounts', count(*), (array_agg(c.id ORDER BY c.id))[1:5]
    FROM users c WHERE c.account_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM accounts p WHERE p.id = c.account_id)
    UNION ALL
    SELECT 203, 'orphan users.organization_id -> organizations', count(*), (array_agg(c.id ORDER BY c.id))[1:5]
    FROM users c WHERE c.organization_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organizations p WHERE p.id = c.organization_id)
    UNION ALL
    SELECT 204, 'orphan students.person_id -> persons', count(*), (array_agg(c.id ORDER BY c.id))[1:5]
    FROM students c WHERE c.person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM persons p WHERE p.id = c.person_id)
    UNION ALL
    SELECT 205, 'orphan students.user_id -> users', count(*), (array_agg(c.id ORDER BY c.id))[1:5]
    FROM students c WHERE c.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users p WHERE p.id = c.user_id)
    UNION ALL
    SELECT 206, 'orphan students.org_id -> organizations', count(*), (array_agg(c.id ORDER BY c.id))[1:5]
    FROM students c WHERE c.org_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organizations p WHERE p.id = c.org_id)
    UNION ALL
    SELECT 207, 'orphan teachers.person_id -> persons', count(*), (array_agg(c.id ORDER BY c.id))[1:5]
    FROM teachers c WHERE c.person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM persons p WHERE p.id = c.person_id)
    UNION ALL
    SELECT 208, 'orphan teachers.user_id -> users', count(*), (array_agg(c.id ORDER BY c.id))[1:5]
    FROM teachers c WHERE c.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users p WHERE p.id = c.user_id)
    UNION ALL
    SELECT 209, 'orphan teachers.organization_id -> organizations', count(*), (array_agg(c.id ORDER BY c.id))[1:5]
    FROM teachers c WHERE c.organization_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organizations p WHERE p.id = c.organization_id)
    UNION ALL
    SELECT 210, 'orphan organizations.parent_id -> organizations', count(*), (array_agg(c.id ORDER BY c.id))[1:5]
    FROM organizations c WHERE c.parent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organizations p WHERE p.id = c.parent_id)
    UNION ALL
    SELECT 211, 'orphan dictionaries.parent_id -> dictionaries', count(*), (array_agg(c.id ORDER BY c.id))[1:5]
    FROM dictionaries c WHERE c.parent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM dictionaries p WHERE p.id = c.parent_id)
    UNION ALL
    SELECT 212, 'orphan education_group.organization_id -> organizations', count(*), (array_agg(c.id ORDER BY c.id))[1:5]
    FROM education_group c WHERE c.organization_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organizations p WHERE p.id = c.organization_id)
    UNION ALL
    SELECT 213, 'orphan education_group.tyutor_id -> teachers', count(*), (array_agg(c.id ORDER BY c.id))[1:5]
    FROM education_group c WHERE c.tyutor_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM teachers p WHERE p.id = c.tyutor_id)
    UNION ALL
    SELECT 214, 'orphan education_group.education_year_id -> dictionaries', count(*), (array_agg(c.id ORDER BY c.id))[1:5]
    FROM education_group c WHERE c.education_year_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM dictionaries p WHERE p.id = c.education_year_id)
    UNION ALL
    SELECT 215, 'orphan course.education_plan_subject_id -> education_plan_subject', count(*), (array_agg(c.id ORDER BY c.id))[1:5]
    FROM course c WHERE c.education_plan_subject_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM education_plan_subject p WHERE p.id = c.education_plan_subject_id)
    UNION ALL
    SELECT 216, 'orphan course.education_year_id -> dictionaries', count(*), (array_agg(c.id ORDER BY c.id))[1:5]
    FROM course c WHERE c.education_year_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM dictionaries p WHERE p.id = c.education_year_id)
    UNION ALL
    SELECT 217, 'orphan course_teacher.course_id -> course', count(*), (array_agg(c.id ORDER BY c.id))[1:5]
    FROM course_teacher c WHERE c.course_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM course p WHERE p.id = c.course_id)
    UNION ALL
    SELECT 218, 'orphan course_teacher.teacher_id -> teachers', count(*), (array_agg(c.id ORDER BY c.id))[1:5]
    FROM course_teacher c WHERE c.teacher_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM teachers p WHERE p.id = c.teacher_id)
    UNION ALL
    SELECT 219, 'orphan course_student.course_id -> course', count(*), (array_agg(c.id ORDER BY c.id))[1:5]
    FROM course_student c WHERE c.course_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM course p WHERE p.id = c.course_id)
    UNION ALL
    SELECT 220, 'orphan course_student.student_id -> students', count(*), (array_agg(c.id ORDER BY c.id))[1:5]
    FROM course_student c WHERE c.student_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM students p WHERE p.id = c.student_id)
    UNION ALL
    SELECT 221, 'orphan education_group_student.education_group_id -> education_group', count(*), (array_agg(c.id ORDER BY c.id))[1:5]
    FROM education_group_student c WHERE c.education_group_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM education_group p WHERE p.id = c.education_group_id)
    UNION ALL
    SELECT 222, 'orphan education_group_student.student_id -> students', count(*), (array_agg(c.id ORDER BY c.id))[1:5]
    FROM education_group_student c WHERE c.student_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM students p WHERE p.id = c.student_id)
    -- missing required values --------------------------------------------------------------------
    UNION ALL
    SELECT 301, 'persons.firstname NULL or blank', count(*), (array_agg(id ORDER BY id))[1:5]
    FROM persons WHERE coalesce(btrim(firstname, E' \t\r\n'), '') = ''
    UNION ALL
    SELECT 302, 'persons.lastname NULL or blank', count(*), (array_agg(id ORDER BY id))[1:5]
    FROM persons WHERE coalesce(btrim(lastname, E' \t\r\n'), '') = ''
    UNION ALL
    SELECT 303, 'persons.pincode NULL or blank (dedup falls back to name + birthdate)', count(*), (array_agg(id ORDER BY id))[1:5]
    FROM persons WHERE coalesce(btrim(pincode, E' \t\r\n'), '') = ''
    UNION ALL
    SELECT 304, 'persons.pincode not clean (case or blanks)', count(*), (array_agg(id ORDER BY id))[1:5]
    FROM persons WHERE btrim(pincode, E' \t\r\n') <> '' AND pincode <> upper(btrim(pincode, E' \t\r\n'))
    UNION ALL
    SELECT 305, 'accounts.username NULL or blank', count(*), (array_agg(id ORDER BY id))[1:5]
    FROM accounts WHERE coalesce(btrim(username, E' \t\r\n'), '') = ''
    UNION ALL
    SELECT 306, 'accounts.person_id NULL', count(*), (array_agg(id ORDER BY id))[1:5]
    FROM accounts WHERE person_id IS NULL
    UNION ALL
    SELECT 307, 'users.account_id NULL', count(*), (array_agg(id ORDER BY id))[1:5]
    FROM users WHERE account_id IS NULL
    UNION ALL
    SELECT 308, 'students.person_id NULL', count(*), (array_agg(id ORDER BY id))[1:5]
    FROM students WHERE person_id IS NULL
    UNION ALL
    SELECT 309, 'teachers.person_id NULL', count(*), (array_agg(id ORDER BY id))[1:5]
    FROM teachers WHERE person_id IS NULL
    UNION ALL
    SELECT 310, 'students.card_number NULL or blank (student number generated)', count(*), (array_agg(id ORDER BY id))[1:5]
    FROM students WHERE coalesce(btrim(card_number, E' \t\r\n'), '') = ''
    UNION ALL
    SELECT 311, 'organizations.name_az NULL or blank', count(*), (array_agg(id ORDER BY id))[1:5]
    FROM organizations WHERE coalesce(btrim(name_az, E' \t\r\n'), '') = ''
    UNION ALL
    SELECT 312, 'dictionaries.type_id NULL', count(*), (array_agg(id ORDER BY id))[1:5]
    FROM dictionaries WHERE type_id IS NULL
    UNION ALL
    SELECT 313, 'education_group.name NULL or blank', count(*), (array_agg(id ORDER BY id))[1:5]
    FROM education_group WHERE coalesce(btrim(name, E' \t\r\n'), '') = ''
    UNION ALL
    SELECT 314, 'education_group.education_year_id NULL', count(*), (array_agg(id ORDER BY id))[1:5]
    FROM education_group WHERE education_year_id IS NULL
    UNION ALL
    SELECT 315, 'education_plan_subject.subject_id NULL', count(*), (array_agg(id ORDER BY id))[1:5]
    FROM education_plan_subject WHERE subject_id IS NULL
    UNION ALL
    SELECT 316, 'education_plan_subject.name_az NULL or blank', count(*), (array_agg(id ORDER BY id))[1:5]
    FROM education_plan_subject WHERE coalesce(btrim(name_az, E' \t\r\n'), '') = ''
    UNION ALL
    SELECT 317, 'course.code NULL or blank', count(*), (array_agg(id ORDER BY id))[1:5]
    FROM course WHERE coalesce(btrim(code, E' \t\r\n'), '') = ''
    UNION ALL
    SELECT 318, 'course.education_year_id NULL', count(*), (array_agg(id ORDER BY id))[1:5]
    FROM course WHERE education_year_id IS NULL
    UNION ALL
    SELECT 319, 'flags NULL (active/activity_status/is_blocked, all tables)',
           (SELECT count(*) FROM organizations WHERE active IS NULL)
         + (SELECT count(*) FROM accounts WHERE activity_status IS NULL)
         + (SELECT count(*) FROM users WHERE is_blocked IS NULL)
         + (SELECT count(*) FROM students WHERE active IS NULL)
         + (SELECT count(*) FROM teachers WHERE active IS NULL)
         + (SELECT count(*) FROM education_group WHERE active IS NULL)
         + (SELECT count(*) FROM course WHERE active IS NULL)
         + (SELECT count(*) FROM course_student WHERE active IS NULL)
         + (SELECT count(*) FROM education_group_student WHERE active IS NULL),
           NULL::int[]
    UNION ALL
    SELECT 320, 'users.user_type not 1/2/3 (mapped to staff)', count(*), (array_agg(id ORDER BY id))[1:5]
    FROM users WHERE user_type IS NULL OR user_type NOT IN (1, 2, 3)
    -- dates ---------------------------------------------------------------------------------------
    UNION ALL
    SELECT 400 + c.n, 'unparseable date: ' || c.col, count(dc.id), (array_agg(dc.id ORDER BY dc.id) FILTER (WHERE dc.id IS NOT NULL))[1:5]
    FROM (VALUES (1, 'students.in_order_date'), (2, 'teachers.in_action_date'), (3, 'course.start_date')) c(n, col)
    LEFT JOIN date_class dc ON dc.col = c.col AND dc.class = 'unparseable'
    GROUP BY c.n, c.col
    UNION ALL
    SELECT 410 + c.n, 'blank date: ' || c.col, count(dc.id), (array_agg(dc.id ORDER BY dc.id) FILTER (WHERE dc.id IS NOT NULL))[1:5]
    FROM (VALUES (1, 'students.in_order_date'), (2, 'teachers.in_action_date'), (3, 'course.start_date')) c(n, col)
    LEFT JOIN date_class dc ON dc.col = c.col AND dc.class = 'blank'
    GROUP BY c.n, c.col
    -- subjects and courses ------------------------------------------------------------------------
    UNION ALL
    SELECT 501, 'education_plan_subject: subject ids with conflicting names', count(*), (array_agg(subject_id ORDER BY subject_id))[1:5]
    FROM subj WHERE names_az > 1
    UNION ALL
    SELECT 502, 'education_plan_subject: subject ids the guide''s DISTINCT exports twice', count(*), (array_agg(subject_id ORDER BY subject_id))[1:5]
    FROM subj WHERE guide_rows > 1
    UNION ALL
    SELECT 503, 'course: education_plan_subject_id is not the subject id (guide maps it as one)', count(*), (array_agg(c.id ORDER BY c.id))[1:5]
    FROM course c JOIN education_plan_subject e ON e.id = c.education_plan_subject_id
    WHERE e.subject_id IS DISTINCT FROM c.education_plan_subject_id
)
SELECT issue, count, coalesce(array_to_string(sample_ids, ','), '') AS sample_ids,
       CASE WHEN count > 0 THEN 'warn' ELSE 'pass' END AS status
FROM issues
ORDER BY ord;
