-- =====================================================================================
-- Synthetic dirty legacy `edu` database — deterministic, set-based generator.
--
-- Usage (after legacy/schema.sql, on an empty legacy db):
--     SET edu.seed_scale = 2000;      -- N = number of persons
--     \i seed.sql                      -- or send the whole file as one script
-- Deterministic: every value is a pure function of row ids through hashint8() (no random()),
-- so the same N always yields byte-identical data. Helper functions live in pg_temp only
-- (nothing but the 13 legacy tables is left in the database). No BEGIN/COMMIT inside: the caller
-- may wrap the file in one transaction.
--
-- Sizes for N persons (approximate):
--   persons N · accounts 0.9N · users 0.9N · students 0.75N · teachers 0.06N
--   organizations max(20, N/2000) · dictionaries ~400 · education_group max(10, N/25)
--   education_plan_subject max(50, N/500) (subjects max(15, eps/4)) · course max(20, N/50)
--   course_teacher ~1.2 x course · course_student 5 per student (= ~3.75N, the biggest)
--   education_group_student ~1.07 per student (~0.8N)
--
-- Reference data (dictionaries; type_id -> ids):
--   1 gender 1..2 · 2 citizenship 10..29 (10 = Azərbaycan) · 3 organization type 30..32
--   4 position 40..53 · 5 education level 60..63 · 6 education type 70..72 · 7 language 80..83
--   8 semester 90..91 (90 payız/fall, 91 yaz/spring)
--   9 EDUCATION YEAR 100..111: id = 100 + (Y - 2015) for academic year Y/Y+1, code = 'Y-Y+1',
--     name_az/en/ru = 'Y/Y+1' (2015/2016 .. 2026/2027). education_group.education_year_id and
--     course.education_year_id reference these ids (or are NULL). The target derives
--     academic_years from them: start Y-09-01, end (Y+1)-06-30; the current one is the year that
--     contains current_date (2025/2026 as of writing), not a hard-coded id.
--   10 region 200..259 (parent NULL) · 11 speciality 300..599 (parent -> a region row, or NULL)
--   education_plan_subject.subject_id is its OWN id space 1..S (there is no subject table);
--   it overlaps numerically with education_plan_subject.id 1..E on purpose: copying
--   course.education_plan_subject_id into subject_id (the guide's bug) gives silently wrong rows.
--
-- DIRT (rates are per row of the table named; the exact counts at N = 2000, as reported by
-- analysis/20_critical_issues.sql, are in Assets/sql/tests/expected_issues_2000.txt and asserted
-- by Assets/sql/tests/run_legacy_tests.sh). "Must" = what the migration has to do with it.
--  persons
--   P1 duplicate person by pincode (~1.6%): same pincode differing only in case/blanks
--      ('AB12CD3' vs ' ab12cd3 '), same birthdate, names identical or differing in case/blanks.
--      Must: merge on upper(btrim(pincode)); survivor by a documented rule; ledger `merged`;
--      every account/student/teacher of the duplicate remapped to the survivor.
--   P2 duplicate person without pincode (~0.9%): pincode NULL/blank on both rows, same
--      birthdate, names differing only in case/blanks. Must: merge on
--      lower(btrim(firstname)), lower(btrim(lastname)), birthdate (only among rows lacking a pincode).
--   P3 pincode NULL (~3.5%) or blank ''/'   '/' ' (~1.4%) — not a duplicate by itself; keep, pincode NULL.
--   P4 clean persons whose pincode is lowercase or has a trailing blank (~2%) — normalize.
--   P5 firstname NULL (~0.4%), lastname NULL (~0.3%), firstname blank '  ' (~0.1%):
--      required -> reject (ledger `rejected`); rows referencing them cascade per the target's rule.
--   patronymic NULL ~4%; citizenship_id NULL ~1%. Case variants are ASCII-only (e.g. 'ƏLIYEV'
--   for 'Əliyev', as a C-locale legacy app wrote them), so lower() folds them in any locale.
--  accounts
--   A1 username case/blank duplicates for the SAME person (accounts of a P1/P2 duplicate reuse
--      the original's username as 'Elvin.Aliyev.123', 'ELVIN.ALIYEV.123' or 'elvin.aliyev.123 '):
--      ~60% of duplicate persons' accounts. Must: merge accounts (lower(btrim(username))) once
--      persons are merged; users remapped to the surviving account.
--   A2 username case duplicates for DIFFERENT persons (~0.7%): 'Elvin.Aliyev.123' owned by
--      another person. Must: keep both, rename the later one by a documented rule, record it.
--   A3 username NULL (~0.13%) or '' (~0.04%, always the account of person 161): required -> reject.
--   A4 orphan person_id (~0.3%, points past max(persons.id)) -> reject (no person).
--   A5 accounts of duplicate persons (P1/P2) -> remap person_id to the survivor.
--   activity_status 1/0/NULL (NULL ~3%); email NULL ~10%; password = 32-hex md5 string.
--  users
--   U1 orphan account_id (~0.3%) · U2 orphan organization_id (~0.2%)
--   user_type 1 student, 2 teacher, 3 admin, 0/4/5/9 and NULL (~0.2%) = other -> 'staff'.
--   is_blocked 0/1/NULL. ~2% of accounts have a second user (another organization).
--  students
--   S1 orphan person_id (~0.2%) · S2 orphan user_id (~0.2%) · S3 orphan org_id (~0.2%)
--   S4 students of duplicate persons -> remap person_id (never drop).
--   user_id NULL when the person has no account/user (~10%).
--   card_number NULL (~4%) or blank '' (~0.5%): blank must be treated like NULL (a unique
--   student number 'STU'||id), never as a real value.
--   in_order_date varchar, see DATES below.
--  teachers
--   T1 orphan person_id (~0.3%) · T2 orphan user_id (~0.3%) · T3 orphan organization_id (~0.3%)
--   teachers of duplicate persons -> remap. in_action_date varchar, see DATES.
--  DATES (students.in_order_date, teachers.in_action_date, course.start_date):
--   ~60% 'YYYY-MM-DD', ~15% 'YYYY-MM-DD HH24:MI:SS', ~15% 'DD.MM.YYYY', ~2% valid but padded
--   with blanks (' 2019-09-01 '), ~3% '', ~1.5% '   ', ~2% NULL, ~1.5% junk:
--   'N/A', '31.02.2020', 'yesterday', '2019-13-01', '00.00.0000', '-', '30.02.2021', 'bilinmir'.
--   Must: trim, parse all three formats, validate the day (31.02 is junk); blank/junk -> NULL
--   where the target column allows it (recorded), never a crash.
--  flags active/activity_status/is_blocked: 0/1 and NULL (a few %); NULL is not 1.
--  organizations
--   O1 parent_id orphan (the last organization, 1 row) · O2 name_az NULL (1 row, name_en set;
--   referenced by users/students) · active 1/0/NULL.
--  dictionaries
--   D1 parent_id orphan (3 rows) · D2 type_id NULL (4 rows; the guide silently drops them).
--  education_group
--   G1 orphan organization_id (~0.5%) · G2 name NULL (~1.5%) · education_year_id NULL (~3%).
--  education_plan_subject
--   E1 one subject_id in several plans (~4 rows per subject), E2 ~15% of subject ids have rows
--   with conflicting name_az/code/credits (the guide's DISTINCT exports them twice),
--   E3 subject_id NULL (~1%), name_az NULL (~1%), code NULL (~5%), credits NULL (~3%).
--   Must: one subject per subject_id, names chosen by a documented rule.
--  course
--   C1 orphan education_plan_subject_id (~0.5%) · C2 code NULL (~2%)
--   C3 education_year_id NULL (~3%) · hours NULL (~5% each) · student_count NULL (~5%)
--   subject must come through education_plan_subject.subject_id, not the eps id.
--  course_teacher: orphan course_id (~0.3%), orphan teacher_id (~0.3%)
--  course_student: orphan course_id (~0.2%), orphan student_id (~0.2%)
--  education_group_student: orphan education_group_id (~0.2%), orphan student_id (~0.2%)
--   ~7% of students have a second, inactive (transferred) membership.
--  Orphans always point past the table's max id (never NULL), so they are unambiguous.
--  Small tables (teachers, education_group, education_plan_subject, course, course_teacher) also
--  carry one forced row per dirt kind at fixed low ids (e.g. course 6 orphan eps, course 9 code
--  NULL, course 11 start_date '31.02.2020'), so every kind exists even at N = 2000.
-- =====================================================================================

SET client_min_messages = warning;
SET jit = off;   -- the generator's wide expressions make JIT compilation cost seconds, for nothing

-- ---------------------------------------------------------------- helpers (session only)
-- h(i, salt): deterministic uniform value in [0, 1) from a row id and a salt.
CREATE FUNCTION pg_temp.h(bigint, integer) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT (hashint8($1 * 1000003 + $2::bigint * 2654435761)::bigint + 2147483648)::double precision / 4294967296.0 $$;

-- ASCII-only case changes (a C-locale application's upper/lower).
CREATE FUNCTION pg_temp.up(text) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT translate($1, 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') $$;
CREATE FUNCTION pg_temp.lo(text) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT translate($1, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') $$;
-- Azerbaijani letters -> ASCII, lower case (for usernames/emails).
CREATE FUNCTION pg_temp.ascii_name(text) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT pg_temp.lo(translate($1, 'əƏıöÖüÜğĞşŞçÇİ', 'eEioOuUgGsScCI')) $$;

-- 7-character pincode: base 36 of pin_v = (id * 1000000007 + 12345) mod 36^7, a bijection of the
-- id (1000000007 is prime to 36), so two identities never share a pincode by accident.
CREATE FUNCTION pg_temp.pin(bigint) RETURNS text LANGUAGE sql IMMUTABLE AS   -- $1 = pin_v of the id
$$ SELECT substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', ($1 / 2176782336 % 36)::int + 1, 1)
       || substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', ($1 / 60466176 % 36)::int + 1, 1)
       || substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', ($1 / 1679616 % 36)::int + 1, 1)
       || substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', ($1 / 46656 % 36)::int + 1, 1)
       || substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', ($1 / 1296 % 36)::int + 1, 1)
       || substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', ($1 / 36 % 36)::int + 1, 1)
       || substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', ($1 % 36)::int + 1, 1) $$;

-- A varchar date the way the legacy application stored it (see DATES above).
CREATE FUNCTION pg_temp.vdate(date, double precision, double precision) RETURNS text
LANGUAGE sql STABLE AS
$$ SELECT CASE
    WHEN $2 < 0.60  THEN to_char($1, 'YYYY-MM-DD')
    WHEN $2 < 0.75  THEN to_char($1 + interval '8 hours' + $3 * interval '10 hours', 'YYYY-MM-DD HH24:MI:SS')
    WHEN $2 < 0.90  THEN to_char($1, 'DD.MM.YYYY')
    WHEN $2 < 0.92  THEN ' ' || to_char($1, 'YYYY-MM-DD') || ' '
    WHEN $2 < 0.95  THEN ''
    WHEN $2 < 0.965 THEN '   '
    WHEN $2 < 0.985 THEN NULL
    ELSE (ARRAY['N/A', '31.02.2020', 'yesterday', '2019-13-01', '00.00.0000', '-', '30.02.2021',
                'bilinmir'])[1 + floor($3 * 8)::int]
  END $$;

-- Name lists as constant arrays (inlined: no per-row detoasting of a lists table).
CREATE FUNCTION pg_temp.male(double precision) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT (ARRAY['Elvin','Elnur','Rəşad','Orxan','Tural','Kamran','Murad','Ramil','Anar','Fərid','Samir',
       'Vüsal','Şahin','İlkin','Nicat','Əli','Hüseyn','Məhəmməd','Ceyhun','Rüfət','Cavid','Emin',
       'Toğrul','Ülvi','Zaur','Elçin','Namiq','Vəli','Nurlan','Əkbər','Aydın','Rauf','Sənan',
       'Kənan','Fuad','İsmayıl','Həsən','Rövşən','Pərviz','Səbuhi','Cəlal','Qabil']::text[])[1 + floor($1 * 42)::int] $$;
CREATE FUNCTION pg_temp.female(double precision) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT (ARRAY['Ülviyyə','Gülnarə','Aysel','Leyla','Nigar','Günel','Səbinə','Aynur','Nərmin','Könül',
       'Şəbnəm','Fidan','Xədicə','Zəhra','Sevinc','Aytən','Türkan','Lalə','Nuray','Gülşən',
       'Mehriban','Elnarə','Səidə','İradə','Röya','Vüsalə','Aygün','Kəmalə','Fatimə','Ayşə',
       'Jalə','Məleykə','Çinarə','Ülkər','Zərifə','Qəmər']::text[])[1 + floor($1 * 36)::int] $$;
CREATE FUNCTION pg_temp.last_name(double precision) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT (ARRAY['Əliyev','Məmmədov','Hüseynov','Həsənov','Quliyev','İsmayılov','Abbasov','Cəfərov',
       'Rəhimov','Orucov','Süleymanov','Babayev','Nəsirov','Kərimov','Əhmədov','Vəliyev',
       'Bayramov','Qasımov','Mustafayev','Nağıyev','Sadıqov','Əsgərov','Zeynalov','Rzayev',
       'İbrahimov','Musayev','Şükürov','Salmanov','Hacıyev','Qurbanov','Allahverdiyev','Tağıyev',
       'Məlikov','Novruzov','Əzizov','Paşayev','Hümbətov','Yusifov','Rüstəmov','Xəlilov',
       'Əlizadə','Şirinzadə','Axundlu','Çələbi']::text[])[1 + floor($1 * 44)::int] $$;
CREATE FUNCTION pg_temp.mail_domain(double precision) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT (ARRAY['mail.ru','gmail.com','mail.az','box.az','yahoo.com','edu.az','bk.ru']::text[])[1 + floor($1 * 7)::int] $$;

-- --------------------------------------------------------------------- scale and name lists
CREATE TEMP TABLE cfg AS
SELECT n,
       greatest(20, n / 2000)                 AS orgs,
       greatest(10, n / 25)                   AS grps,
       greatest(50, n / 500)                  AS eps,
       greatest(15, greatest(50, n / 500) / 4) AS subj,
       greatest(20, n / 50)                   AS crs
FROM (SELECT current_setting('edu.seed_scale')::int AS n) s;

CREATE TEMP TABLE nm AS SELECT
 ARRAY['Riyazi analiz','Xətti cəbr','Analitik həndəsə','Fizika','Ümumi kimya','İnformatika',
       'Proqramlaşdırma əsasları','Verilənlər bazası','Azərbaycan tarixi','Azərbaycan dili',
       'İngilis dili','Fəlsəfə','İqtisadiyyat nəzəriyyəsi','Mühasibat uçotu','Statistika',
       'Ehtimal nəzəriyyəsi','Diskret riyaziyyat','Kompüter şəbəkələri','Əməliyyat sistemləri',
       'Hüquqa giriş','Psixologiya','Pedaqogika','Biologiya','Coğrafiya','Ədəbiyyat',
       'Sosiologiya','Marketinq','Menecment','Maliyyə','Bədən tərbiyəsi','Mülki müdafiə',
       'Həyat fəaliyyətinin təhlükəsizliyi','Alqoritmlər və verilənlər strukturu','Süni intellekt',
       'Elektrotexnika','Nəzəri mexanika','Materiallar müqaviməti','Ekologiya',
       'Beynəlxalq münasibətlər','Konstitusiya hüququ']::text[] AS subj_az,
 ARRAY['Mathematical Analysis','Linear Algebra','Analytic Geometry','Physics','General Chemistry',
       'Computer Science','Programming Fundamentals','Databases','History of Azerbaijan',
       'Azerbaijani Language','English Language','Philosophy','Economic Theory','Accounting',
       'Statistics','Probability Theory','Discrete Mathematics','Computer Networks',
       'Operating Systems','Introduction to Law','Psychology','Pedagogy','Biology','Geography',
       'Literature','Sociology','Marketing','Management','Finance','Physical Education',
       'Civil Defence','Life Safety','Algorithms and Data Structures','Artificial Intelligence',
       'Electrical Engineering','Theoretical Mechanics','Strength of Materials','Ecology',
       'International Relations','Constitutional Law']::text[] AS subj_en,
 ARRAY['Математический анализ','Линейная алгебра','Аналитическая геометрия','Физика',
       'Общая химия','Информатика','Основы программирования','Базы данных',
       'История Азербайджана','Азербайджанский язык','Английский язык','Философия',
       'Экономическая теория','Бухгалтерский учёт','Статистика','Теория вероятностей',
       'Дискретная математика','Компьютерные сети','Операционные системы','Введение в право',
       'Психология','Педагогика','Биология','География','Литература','Социология','Маркетинг',
       'Менеджмент','Финансы','Физическая культура','Гражданская оборона',
       'Безопасность жизнедеятельности','Алгоритмы и структуры данных',
       'Искусственный интеллект','Электротехника','Теоретическая механика',
       'Сопротивление материалов','Экология','Международные отношения',
       'Конституционное право']::text[] AS subj_ru,
 ARRAY['Bakı Dövlət Universiteti','Azərbaycan Dövlət Neft və Sənaye Universiteti',
       'Azərbaycan Texniki Universiteti','ADA Universiteti','Azərbaycan Dövlət İqtisad Universiteti',
       'Azərbaycan Dövlət Pedaqoji Universiteti','Azərbaycan Tibb Universiteti',
       'Bakı Mühəndislik Universiteti','Gəncə Dövlət Universiteti','Sumqayıt Dövlət Universiteti',
       'Naxçıvan Dövlət Universiteti','Lənkəran Dövlət Universiteti','Azərbaycan Dillər Universiteti',
       'Bakı Slavyan Universiteti','Xəzər Universiteti']::text[] AS univ,
 ARRAY['Riyaziyyat fakültəsi','Fizika fakültəsi','Kimya fakültəsi','Tarix fakültəsi',
       'Hüquq fakültəsi','Filologiya fakültəsi','İqtisadiyyat fakültəsi',
       'Kompüter elmləri fakültəsi','Jurnalistika fakültəsi','Beynəlxalq münasibətlər fakültəsi',
       'Biologiya fakültəsi','Coğrafiya fakültəsi','Mexanika-riyaziyyat fakültəsi',
       'Energetika fakültəsi']::text[] AS fac,
 ARRAY['Bakı','Gəncə','Sumqayıt','Mingəçevir','Şirvan','Naxçıvan','Lənkəran','Şəki','Yevlax',
       'Xankəndi','Şamaxı','Quba','Qusar','Qəbələ','Zaqatala','Balakən','Qax','Oğuz','İsmayıllı',
       'Ağdaş','Göyçay','Ucar','Kürdəmir','Sabirabad','Saatlı','İmişli','Beyləqan','Füzuli',
       'Cəbrayıl','Zəngilan','Qubadlı','Laçın','Kəlbəcər','Ağdam','Tərtər','Bərdə','Goranboy',
       'Samux','Şəmkir','Tovuz','Qazax','Ağstafa','Gədəbəy','Daşkəsən','Göygöl','Xaçmaz',
       'Şabran','Siyəzən','Xızı','Abşeron','Hacıqabul','Salyan','Neftçala','Biləsuvar','Cəlilabad',
       'Masallı','Yardımlı','Lerik','Astara','Ordubad']::text[] AS regions;

-- ------------------------------------------------------------------------------ dictionaries
INSERT INTO dictionaries (id, type_id, code, name_az, name_en, name_ru, parent_id)
VALUES
 (1, 1, 'M', 'Kişi', 'Male', 'Мужской', NULL),
 (2, 1, 'F', 'Qadın', 'Female', 'Женский', NULL),
 (10, 2, 'AZ', 'Azərbaycan', 'Azerbaijan', 'Азербайджан', NULL),
 (11, 2, 'TR', 'Türkiyə', 'Turkey', 'Турция', NULL),
 (12, 2, 'RU', 'Rusiya', 'Russia', 'Россия', NULL),
 (13, 2, 'GE', 'Gürcüstan', 'Georgia', 'Грузия', NULL),
 (14, 2, 'IR', 'İran', 'Iran', 'Иран', NULL),
 (15, 2, 'KZ', 'Qazaxıstan', 'Kazakhstan', 'Казахстан', NULL),
 (16, 2, 'UZ', 'Özbəkistan', 'Uzbekistan', 'Узбекистан', NULL),
 (17, 2, 'UA', 'Ukrayna', 'Ukraine', 'Украина', NULL),
 (18, 2, 'TM', 'Türkmənistan', 'Turkmenistan', 'Туркменистан', NULL),
 (19, 2, 'PK', 'Pakistan', 'Pakistan', 'Пакистан', NULL),
 (20, 2, 'IN', 'Hindistan', 'India', 'Индия', NULL),
 (21, 2, 'DE', 'Almaniya', 'Germany', 'Германия', NULL),
 (22, 2, 'IQ', 'İraq', 'Iraq', 'Ирак', NULL),
 (23, 2, 'AF', 'Əfqanıstan', 'Afghanistan', 'Афганистан', NULL),
 (24, 2, 'EG', 'Misir', 'Egypt', 'Египет', NULL),
 (25, 2, 'NG', 'Nigeriya', 'Nigeria', 'Нигерия', NULL),
 (26, 2, 'CN', 'Çin', 'China', 'Китай', NULL),
 (27, 2, 'KG', 'Qırğızıstan', 'Kyrgyzstan', 'Кыргызстан', NULL),
 (28, 2, 'BY', 'Belarus', 'Belarus', 'Беларусь', NULL),
 (29, 2, 'XX', 'Vətəndaşlığı olmayan', 'Stateless', 'Без гражданства', NULL),
 (30, 3, 'MIN', 'Nazirlik', 'Ministry', 'Министерство', NULL),
 (31, 3, 'UNI', 'Universitet', 'University', 'Университет', NULL),
 (32, 3, 'FAC', 'Fakültə', 'Faculty', 'Факультет', NULL),
 (40, 4, 'PROF', 'Professor', 'Professor', 'Профессор', NULL),
 (41, 4, 'DOS', 'Dosent', 'Associate Professor', 'Доцент', NULL),
 (42, 4, 'BM', 'Baş müəllim', 'Senior Lecturer', 'Старший преподаватель', NULL),
 (43, 4, 'MUE', 'Müəllim', 'Lecturer', 'Преподаватель', NULL),
 (44, 4, 'ASS', 'Assistent', 'Assistant', 'Ассистент', NULL),
 (45, 4, 'KM', 'Kafedra müdiri', 'Head of Department', 'Заведующий кафедрой', NULL),
 (46, 4, 'DEK', 'Dekan', 'Dean', 'Декан', NULL),
 (47, 4, 'DM', 'Dekan müavini', 'Vice Dean', 'Заместитель декана', NULL),
 (48, 4, 'REK', 'Rektor', 'Rector', 'Ректор', NULL),
 (49, 4, 'PR', 'Prorektor', 'Vice Rector', 'Проректор', NULL),
 (50, 4, 'LAB', 'Laborant', 'Laboratory Assistant', 'Лаборант', NULL),
 (51, 4, 'MET', 'Metodist', 'Methodologist', 'Методист', NULL),
 (52, 4, 'TYU', 'Tyutor', 'Tutor', 'Тьютор', NULL),
 (53, 4, 'QON', 'Qonaq müəllim', 'Visiting Lecturer', 'Приглашённый преподаватель', NULL),
 (60, 5, 'BAK', 'Bakalavr', 'Bachelor', 'Бакалавр', NULL),
 (61, 5, 'MAG', 'Magistr', 'Master', 'Магистр', NULL),
 (62, 5, 'DOK', 'Doktorantura', 'Doctorate', 'Докторантура', NULL),
 (63, 5, 'OIX', 'Orta ixtisas', 'Vocational', 'Среднее специальное', NULL),
 (70, 6, 'EY', 'Əyani', 'Full-time', 'Очная', NULL),
 (71, 6, 'QY', 'Qiyabi', 'Part-time', 'Заочная', NULL),
 (72, 6, 'DS', 'Distant', 'Distance', 'Дистанционная', NULL),
 (80, 7, 'az', 'Azərbaycan dili', 'Azerbaijani', 'Азербайджанский', NULL),
 (81, 7, 'ru', 'Rus dili', 'Russian', 'Русский', NULL),
 (82, 7, 'en', 'İngilis dili', 'English', 'Английский', NULL),
 (83, 7, 'tr', 'Türk dili', 'Turkish', 'Турецкий', NULL),
 (90, 8, 'PAYIZ', 'Payız semestri', 'Fall semester', 'Осенний семестр', NULL),
 (91, 8, 'YAZ', 'Yaz semestri', 'Spring semester', 'Весенний семестр', NULL),
 -- D2: legacy junk rows without a type
 (900, NULL, 'TEST', 'test', NULL, NULL, NULL),
 (901, NULL, NULL, 'köhnə qeyd', NULL, NULL, NULL),
 (902, NULL, 'X1', 'Silinəcək', 'To delete', NULL, NULL),
 (903, NULL, '', '', NULL, NULL, NULL);

-- 9: education years 2015/2016 .. 2026/2027, id = 100 + (Y - 2015)
INSERT INTO dictionaries (id, type_id, code, name_az, name_en, name_ru, parent_id)
SELECT 100 + (y - 2015), 9, y || '-' || (y + 1), y || '/' || (y + 1), y || '/' || (y + 1),
       y || '/' || (y + 1), NULL
FROM generate_series(2015, 2026) y;

-- 10: regions, 11: specialities (parent -> region, some NULL; D1: 3 orphan parents)
INSERT INTO dictionaries (id, type_id, code, name_az, name_en, name_ru, parent_id)
SELECT 199 + g, 10, 'R' || lpad(g::text, 3, '0'), nm.regions[g], NULL, NULL, NULL
FROM nm, generate_series(1, cardinality(nm.regions)) g;

INSERT INTO dictionaries (id, type_id, code, name_az, name_en, name_ru, parent_id)
SELECT 299 + g, 11, lpad((50000 + g * 7)::text, 6, '0'),
       nm.subj_az[1 + (g - 1) % 40] || ' ixtisası' || CASE WHEN g > 40 THEN ' (' || ((g - 1) / 40 + 1) || ')' ELSE '' END,
       nm.subj_en[1 + (g - 1) % 40] || ' programme' || CASE WHEN g > 40 THEN ' (' || ((g - 1) / 40 + 1) || ')' ELSE '' END,
       nm.subj_ru[1 + (g - 1) % 40],
       CASE WHEN g IN (17, 133, 251) THEN 99000 + g                  -- D1 orphan parent
            WHEN pg_temp.h(g, 5) < 0.15 THEN NULL
            ELSE 200 + floor(pg_temp.h(g, 6) * cardinality(nm.regions))::int END
FROM nm, generate_series(1, 300) g;

-- ----------------------------------------------------------------------------- organizations
-- 1 = ministry (root), 2..16 universities (parent 1), 17.. faculties (parent a university).
-- O1: the last organization's parent is missing; O2: organization 5 has name_az NULL.
INSERT INTO organizations (id, name_az, name_en, code, parent_id, type_id, active, create_date, update_date)
SELECT o,
       CASE WHEN o = 1 THEN 'Azərbaycan Respublikasının Elm və Təhsil Nazirliyi'
            WHEN o = 5 THEN NULL
            WHEN o <= 16 THEN nm.univ[o - 1]
            ELSE nm.fac[1 + (o / 15) % 14] END,
       CASE WHEN o = 1 THEN 'Ministry of Science and Education'
            WHEN o <= 16 THEN 'University ' || (o - 1)
            ELSE 'Faculty ' || o END,
       CASE WHEN o = 1 THEN 'MIN' WHEN o <= 16 THEN 'U' || lpad((o - 1)::text, 2, '0') ELSE 'F' || o END,
       CASE WHEN o = 1 THEN NULL
            WHEN o = cfg.orgs THEN cfg.orgs + 500                      -- O1 orphan parent
            WHEN o <= 16 THEN 1
            ELSE 2 + o % 15 END,
       CASE WHEN o = 1 THEN 30 WHEN o <= 16 THEN 31 ELSE 32 END,
       CASE WHEN o = 7 THEN NULL WHEN o = 9 THEN 0 ELSE 1 END,
       timestamp '2010-01-01' + o * interval '3 days',
       CASE WHEN o % 3 = 0 THEN NULL ELSE timestamp '2020-06-01' + o * interval '1 day' END
FROM cfg, nm, generate_series(1, cfg.orgs) o;

-- ------------------------------------------------------------------------------ persons
-- sp: one row per person id i with its "identity" k (k = i, or the original it duplicates).
-- r = i % 100 partitions the ids: 3..6 identities without pincode (6 = blank), 7 null-name rows,
-- 8..9 candidates for A2 username clashes, 10..89 pincode-dup sources, 90..99 duplicate rows.
CREATE TEMP TABLE sp AS
WITH d AS (
  SELECT i, i % 100 AS r,
         (i % 100 >= 90 AND i >= 200 AND pg_temp.h(i, 1) < 0.25) AS is_dup,
         pg_temp.h(i, 2) < 0.35 AS name_dup
  FROM cfg, generate_series(1, cfg.n) i
), k AS (
  SELECT i, r, is_dup,
         CASE WHEN NOT is_dup THEN 'none' WHEN name_dup THEN 'name' ELSE 'pincode' END AS dup_kind,
         CASE WHEN NOT is_dup THEN i::bigint
              ELSE 100 * floor(pg_temp.h(i, 3) * (i / 100))::bigint
                   + CASE WHEN name_dup THEN 3 + floor(pg_temp.h(i, 4) * 4)::int
                          ELSE 10 + floor(pg_temp.h(i, 4) * 80)::int END
         END AS k
  FROM d
), base AS (
  SELECT k.*, k.k % 100 AS rk,
         CASE WHEN pg_temp.h(k.k, 10) < 0.5 THEN 1 ELSE 2 END AS gender,
         pg_temp.h(k.k, 15) AS role_u,
         (k.k * 1000000007 + 12345) % 78364164096 AS pin_v,
         pg_temp.last_name(pg_temp.h(k.k, 12)) AS l
  FROM k
)
SELECT b.i AS id, b.r, b.k, b.dup_kind, b.gender,
       CASE WHEN b.role_u < 0.065 THEN 'teacher' WHEN b.role_u < 0.095 THEN 'staff' ELSE 'student' END AS role,
       CASE WHEN b.gender = 1 THEN pg_temp.male(pg_temp.h(b.k, 11))
            ELSE pg_temp.female(pg_temp.h(b.k, 11)) END AS fn0,
       CASE WHEN b.gender = 2 AND (b.l LIKE '%ov' OR b.l LIKE '%ev') THEN b.l || 'a' ELSE b.l END AS ln0,
       CASE WHEN pg_temp.h(b.k, 14) < 0.04 THEN NULL
            ELSE pg_temp.male(pg_temp.h(b.k, 13))
                 || CASE WHEN b.gender = 1 THEN ' oğlu' ELSE ' qızı' END END AS patronymic,
       CASE WHEN b.role_u < 0.095
            THEN date '1955-01-01' + floor(pg_temp.h(b.k, 16) * 14000)::int
            ELSE date '1994-01-01' + floor(pg_temp.h(b.k, 16) * 4400)::int END AS birthdate,
       CASE WHEN b.rk IN (3, 4, 5) THEN NULL
            WHEN b.rk = 6 THEN CASE WHEN pg_temp.h(b.k, 17) < 0.5 THEN '' ELSE '   ' END
            ELSE pg_temp.pin(b.pin_v) END AS pin0,
       CASE WHEN pg_temp.h(b.k, 18) < 0.01 THEN NULL
            WHEN pg_temp.h(b.k, 18) < 0.95 THEN 10
            ELSE 11 + floor(pg_temp.h(b.k, 19) * 19)::int END AS citizenship_id,
       timestamp '2012-01-01' + (b.i::double precision / cfg.n * 4900 + pg_temp.h(b.i, 30) * 20) * interval '1 day'
         + pg_temp.h(b.i, 31) * interval '10 hours' AS create_date
FROM base b, cfg;

CREATE TEMP TABLE pp AS
SELECT sp.*,
       -- row-level variations (duplicates differ from their original only in case/blanks)
       CASE WHEN dup_kind <> 'none' AND pg_temp.h(id, 22) < 0.50 THEN pg_temp.lo(fn0)
            WHEN dup_kind <> 'none' AND pg_temp.h(id, 22) < 0.70 THEN ' ' || fn0
            WHEN dup_kind = 'none' AND r = 7 AND pg_temp.h(id, 23) < 0.40 THEN NULL       -- P5
            WHEN dup_kind = 'none' AND r = 7 AND pg_temp.h(id, 23) >= 0.70
                 AND pg_temp.h(id, 23) < 0.80 THEN '  '                                    -- P5 blank
            ELSE fn0 END AS firstname,
       CASE WHEN dup_kind <> 'none' AND pg_temp.h(id, 22) < 0.30 THEN pg_temp.up(ln0)
            WHEN dup_kind <> 'none' AND pg_temp.h(id, 22) >= 0.70
                 AND pg_temp.h(id, 22) < 0.85 THEN ln0 || ' '
            WHEN dup_kind = 'none' AND r = 7 AND pg_temp.h(id, 23) >= 0.40
                 AND pg_temp.h(id, 23) < 0.70 THEN NULL                                    -- P5
            ELSE ln0 END AS lastname,
       CASE WHEN dup_kind = 'pincode' THEN
                 CASE WHEN pg_temp.h(id, 20) < 0.35 THEN lower(pin0)
                      WHEN pg_temp.h(id, 20) < 0.70 THEN ' ' || pin0 || ' '
                      WHEN pg_temp.h(id, 20) < 0.85 THEN lower(pin0) || '  '
                      ELSE pin0 END
            WHEN dup_kind = 'name' THEN
                 CASE WHEN pg_temp.h(id, 20) < 0.6 THEN NULL
                      WHEN pg_temp.h(id, 20) < 0.8 THEN '' ELSE ' ' END
            WHEN pin0 IS NOT NULL AND pin0 <> '' AND btrim(pin0) <> '' THEN
                 CASE WHEN pg_temp.h(id, 21) < 0.01 THEN lower(pin0)                        -- P4
                      WHEN pg_temp.h(id, 21) < 0.02 THEN pin0 || ' '
                      ELSE pin0 END
            ELSE pin0 END AS pincode
FROM sp;

INSERT INTO persons (id, firstname, lastname, patronymic, gender_id, birthdate, pincode, citizenship_id, create_date, update_date)
SELECT id, firstname, lastname, patronymic, gender, birthdate, pincode, citizenship_id,
       create_date,
       CASE WHEN pg_temp.h(id, 32) < 0.3 THEN NULL
            ELSE least(create_date + pg_temp.h(id, 33) * interval '800 days', timestamp '2026-06-01') END
FROM pp;

-- ------------------------------------------------------------------------------ accounts
CREATE TEMP TABLE sa AS
SELECT row_number() OVER (ORDER BY p.id)::int AS id, p.id AS pid, p.k, p.r, p.dup_kind, p.role,
       p.create_date,
       pg_temp.ascii_name(p.fn0) || '.' || pg_temp.ascii_name(p.ln0) || '.' || p.k AS base_k,
       pg_temp.ascii_name(p.fn0) || '.' || pg_temp.ascii_name(p.ln0) AS base_name
FROM pp p
WHERE pg_temp.h(p.id, 40) < 0.9;

INSERT INTO accounts (id, person_id, username, email, password, activity_status, create_date, update_date)
SELECT a.id,
       CASE WHEN pg_temp.h(a.id, 53) < 0.003 THEN cfg.n + 1000 + a.id ELSE a.pid END,   -- A4
       CASE
         -- A1: an account of a duplicate person reuses the original's username (case/blank)
         WHEN a.dup_kind <> 'none' AND pg_temp.h(a.pid, 51) < 0.6 THEN
              CASE WHEN pg_temp.h(a.pid, 54) < 0.45 THEN initcap(a.base_k)
                   WHEN pg_temp.h(a.pid, 54) < 0.80 THEN upper(a.base_k)
                   ELSE a.base_k || ' ' END
         WHEN a.dup_kind <> 'none' THEN a.base_name || '.' || a.pid
         -- A2: a different person took a case variant of someone else's username
         WHEN a.r IN (8, 9) AND a.pid >= 100 AND pg_temp.h(a.pid, 50) < 0.4 THEN
              CASE WHEN pg_temp.h(a.pid, 54) < 0.5
                   THEN initcap(pg_temp.ascii_name(pq.fn0) || '.' || pg_temp.ascii_name(pq.ln0) || '.' || pq.k)
                   ELSE upper(pg_temp.ascii_name(pq.fn0) || '.' || pg_temp.ascii_name(pq.ln0) || '.' || pq.k) END
         -- A3: missing username (never on an A1/A2 partner row)
         WHEN a.r BETWEEN 60 AND 89 AND pg_temp.h(a.pid, 52) < 0.004 THEN NULL
         WHEN a.r BETWEEN 60 AND 89 AND (pg_temp.h(a.pid, 52) < 0.0053 OR a.pid = 161) THEN ''
         ELSE a.base_k END,
       CASE WHEN pg_temp.h(a.id, 55) < 0.1 THEN NULL
            ELSE a.base_name || a.k % 1000 || '@' || pg_temp.mail_domain(pg_temp.h(a.id, 56)) END,
       md5('legacy-pw-' || a.id),
       CASE WHEN pg_temp.h(a.id, 57) < 0.85 THEN 1 WHEN pg_temp.h(a.id, 57) < 0.97 THEN 0 END,
       a.create_date + pg_temp.h(a.id, 58) * interval '5 days',
       CASE WHEN pg_temp.h(a.id, 59) < 0.4 THEN NULL
            ELSE least(a.create_date + pg_temp.h(a.id, 59) * interval '900 days', timestamp '2026-06-01') END
FROM cfg, sa a
LEFT JOIN sp pq ON a.r IN (8, 9) AND pq.id = a.pid - a.r - 50;   -- the A2 partner (r = 50) person

-- ------------------------------------------------------------------------------ users
CREATE TEMP TABLE su AS
SELECT row_number() OVER (ORDER BY a.id, x.n)::int AS id, a.id AS account_id, a.pid, a.k, a.role,
       x.n, a.create_date
FROM sa a
CROSS JOIN LATERAL (VALUES (0), (1)) x(n)
WHERE (x.n = 0 AND pg_temp.h(a.id, 60) < 0.995) OR (x.n = 1 AND pg_temp.h(a.id, 61) < 0.02);

INSERT INTO users (id, account_id, organization_id, user_type, is_blocked, create_date, update_date)
SELECT u.id,
       CASE WHEN pg_temp.h(u.id, 62) < 0.003 THEN (SELECT count(*) FROM sa) + 1000 + u.id ELSE u.account_id END, -- U1
       CASE WHEN pg_temp.h(u.id, 63) < 0.002 THEN cfg.orgs + 1000 + u.id % 500                                   -- U2
            WHEN u.n = 1 THEN 2 + floor(pg_temp.h(u.id, 64) * (cfg.orgs - 1))::int
            ELSE 2 + floor(pg_temp.h(u.k, 70) * (cfg.orgs - 1))::int END,
       CASE WHEN pg_temp.h(u.id, 65) < 0.002 THEN NULL
            WHEN u.role = 'student' THEN 1
            WHEN u.role = 'teacher' THEN 2
            WHEN pg_temp.h(u.k, 66) < 0.4 THEN 3
            ELSE (ARRAY[0, 4, 5, 9])[1 + floor(pg_temp.h(u.k, 67) * 4)::int] END,
       CASE WHEN pg_temp.h(u.id, 68) < 0.93 THEN 0 WHEN pg_temp.h(u.id, 68) < 0.97 THEN 1 END,
       u.create_date + pg_temp.h(u.id, 69) * interval '6 days',
       CASE WHEN pg_temp.h(u.id, 71) < 0.5 THEN NULL
            ELSE least(u.create_date + pg_temp.h(u.id, 71) * interval '700 days', timestamp '2026-06-01') END
FROM cfg, su u;

-- first user of each person (for students.user_id / teachers.user_id)
CREATE TEMP TABLE pu AS SELECT DISTINCT ON (pid) pid, id AS user_id FROM su ORDER BY pid, id;
CREATE TEMP TABLE counts AS
SELECT (SELECT count(*) FROM sa)::int AS accounts, (SELECT count(*) FROM su)::int AS users;

-- ------------------------------------------------------------------------------ students
CREATE TEMP TABLE ss AS
SELECT row_number() OVER (ORDER BY p.id)::int AS id, p.id AS pid, p.k, p.create_date
FROM pp p
WHERE p.role = 'student' AND pg_temp.h(p.id, 41) < 0.83;

INSERT INTO students (id, person_id, user_id, card_number, org_id, in_order_date, active, create_date, update_date)
SELECT s.id,
       CASE WHEN pg_temp.h(s.id, 80) < 0.002 THEN cfg.n + 5000 + s.id ELSE s.pid END,            -- S1
       CASE WHEN pg_temp.h(s.id, 81) < 0.002 THEN c.users + 1000 + s.id ELSE pu.user_id END,      -- S2
       CASE WHEN pg_temp.h(s.id, 82) < 0.04 THEN NULL
            WHEN pg_temp.h(s.id, 82) < 0.045 THEN ''
            ELSE extract(year FROM s.create_date)::int || lpad(s.id::text, 7, '0') END,
       CASE WHEN pg_temp.h(s.id, 83) < 0.002 THEN cfg.orgs + 2000 + s.id % 500                   -- S3
            ELSE 2 + floor(pg_temp.h(s.k, 70) * (cfg.orgs - 1))::int END,
       pg_temp.vdate(make_date(extract(year FROM s.create_date)::int, 9, 1 + floor(pg_temp.h(s.id, 84) * 20)::int),
                     pg_temp.h(s.id, 85), pg_temp.h(s.id, 86)),
       CASE WHEN pg_temp.h(s.id, 87) < 0.75 THEN 1 WHEN pg_temp.h(s.id, 87) < 0.95 THEN 0 END,
       s.create_date + pg_temp.h(s.id, 88) * interval '3 days',
       CASE WHEN pg_temp.h(s.id, 89) < 0.3 THEN NULL
            ELSE least(s.create_date + pg_temp.h(s.id, 89) * interval '1200 days', timestamp '2026-06-01') END
FROM cfg, counts c, ss s
LEFT JOIN pu ON pu.pid = s.pid;

-- ------------------------------------------------------------------------------ teachers
CREATE TEMP TABLE st AS
SELECT row_number() OVER (ORDER BY p.id)::int AS id, p.id AS pid, p.k, p.create_date
FROM pp p
WHERE p.role = 'teacher' AND pg_temp.h(p.id, 42) < 0.92;

INSERT INTO teachers (id, person_id, user_id, card_number, organization_id, position_id, in_action_date, active, create_date, update_date)
SELECT t.id,
       CASE WHEN pg_temp.h(t.id, 90) < 0.003 OR t.id = 8 THEN cfg.n + 7000 + t.id ELSE t.pid END,            -- T1
       CASE WHEN pg_temp.h(t.id, 91) < 0.003 OR t.id = 3 THEN c.users + 3000 + t.id ELSE pu.user_id END,      -- T2
       CASE WHEN pg_temp.h(t.id, 92) < 0.1 THEN NULL ELSE 'T' || lpad(t.id::text, 6, '0') END,
       CASE WHEN pg_temp.h(t.id, 93) < 0.003 OR t.id = 5 THEN cfg.orgs + 3000 + t.id % 500                  -- T3
            ELSE 2 + floor(pg_temp.h(t.k, 70) * (cfg.orgs - 1))::int END,
       40 + floor(pg_temp.h(t.id, 94) * 14)::int,
       CASE WHEN t.id = 10 THEN 'yesterday' ELSE pg_temp.vdate((t.create_date - floor(pg_temp.h(t.id, 95) * 3000)::int * interval '1 day')::date,
                     pg_temp.h(t.id, 96), pg_temp.h(t.id, 97)) END,
       CASE WHEN pg_temp.h(t.id, 98) < 0.85 THEN 1 WHEN pg_temp.h(t.id, 98) < 0.97 THEN 0 END,
       t.create_date + pg_temp.h(t.id, 99) * interval '2 days',
       CASE WHEN pg_temp.h(t.id, 100) < 0.3 THEN NULL
            ELSE least(t.create_date + pg_temp.h(t.id, 100) * interval '1500 days', timestamp '2026-06-01') END
FROM cfg, counts c, st t
LEFT JOIN pu ON pu.pid = t.pid;

CREATE TEMP TABLE counts2 AS
SELECT (SELECT count(*) FROM ss)::int AS students, (SELECT count(*) FROM st)::int AS teachers;

-- --------------------------------------------------------------------------- education_group
-- academic year Y (2015..2025, later years more frequent) -> dictionary id 100 + Y - 2015
INSERT INTO education_group (id, name, organization_id, education_year_id, education_level_id,
                             education_type_id, education_lang_id, tyutor_id, active, create_date, update_date)
SELECT g,
       CASE WHEN pg_temp.h(g, 110) < 0.015 OR g = 4 THEN NULL                                            -- G2
            ELSE (600 + g % 300)::text || (ARRAY['a','b','i','r','k'])[1 + floor(pg_temp.h(g, 111) * 5)::int]
                 || (1 + g % 4) END,
       CASE WHEN pg_temp.h(g, 112) < 0.005 OR g = 6 THEN cfg.orgs + 4000 + g % 500                       -- G1
            ELSE 2 + floor(pg_temp.h(g, 113) * (cfg.orgs - 1))::int END,
       CASE WHEN pg_temp.h(g, 114) < 0.03 OR g = 9 THEN NULL
            ELSE 100 + floor(sqrt(pg_temp.h(g, 115)) * 11)::int END,
       60 + floor(pg_temp.h(g, 116) * 4)::int,
       70 + floor(pg_temp.h(g, 117) * 3)::int,
       80 + floor(pg_temp.h(g, 118) * 4)::int,
       CASE WHEN pg_temp.h(g, 119) < 0.3 THEN NULL ELSE 1 + floor(pg_temp.h(g, 120) * c2.teachers)::int END,
       CASE WHEN pg_temp.h(g, 121) < 0.7 THEN 1 WHEN pg_temp.h(g, 121) < 0.97 THEN 0 END,
       timestamp '2015-08-01' + pg_temp.h(g, 122) * interval '3900 days',
       CASE WHEN pg_temp.h(g, 123) < 0.5 THEN NULL ELSE timestamp '2024-01-01' + pg_temp.h(g, 123) * interval '500 days' END
FROM cfg, counts2 c2, generate_series(1, cfg.grps) g;

-- -------------------------------------------------------------------- education_plan_subject
-- subject s (1..S): catalog name nm.subj_*[(s-1)%40+1] (+ ' s/40+1' beyond 40), code 'FN' || s.
-- E2: subjects with h(s,130) < 0.15 have rows (h(e,131) < 0.5) with a conflicting name/code/credits.
INSERT INTO education_plan_subject (id, education_plan_id, subject_id, code, name_az, name_en, name_ru, credits)
SELECT e,
       1 + (e - 1) / 12,
       CASE WHEN pg_temp.h(e, 132) < 0.01 OR e = 7 THEN NULL ELSE s END,                               -- E3
       CASE WHEN pg_temp.h(e, 133) < 0.05 THEN NULL
            WHEN conflict THEN 'FN' || lpad(s::text, 4, '0') || '-' || (1 + (e - 1) / 12)
            ELSE 'FN' || lpad(s::text, 4, '0') END,
       CASE WHEN pg_temp.h(e, 134) < 0.01 OR e = 10 THEN NULL
            WHEN conflict AND pg_temp.h(e, 135) < 0.5 THEN naz || ' (köhnə proqram)'
            WHEN conflict THEN upper(naz) || ' '
            ELSE naz END,
       nen, nru,
       CASE WHEN pg_temp.h(e, 136) < 0.03 THEN NULL
            WHEN conflict THEN 2 + floor(pg_temp.h(s, 137) * 6)::int + 1
            ELSE 2 + floor(pg_temp.h(s, 137) * 6)::int END
FROM (
  SELECT e, s,
         pg_temp.h(s, 130) < 0.15 AND pg_temp.h(e, 131) < 0.5 AS conflict,
         nm.subj_az[1 + (s - 1) % 40] || CASE WHEN s > 40 THEN ' ' || ((s - 1) / 40 + 1) ELSE '' END AS naz,
         nm.subj_en[1 + (s - 1) % 40] || CASE WHEN s > 40 THEN ' ' || ((s - 1) / 40 + 1) ELSE '' END AS nen,
         nm.subj_ru[1 + (s - 1) % 40] || CASE WHEN s > 40 THEN ' ' || ((s - 1) / 40 + 1) ELSE '' END AS nru
  FROM (SELECT e, 1 + floor(pg_temp.h(e, 138) * cfg.subj)::int AS s
          FROM cfg, generate_series(1, cfg.eps) e) x, nm
) y;

-- ------------------------------------------------------------------------------------ course
INSERT INTO course (id, education_plan_subject_id, code, semester_id, education_year_id, education_lang_id,
                    m_hours, s_hours, l_hours, fm_hours, start_date, student_count, active, create_date, update_date)
SELECT c, 
       CASE WHEN pg_temp.h(c, 140) < 0.005 OR c = 6 THEN cfg.eps + 100 + c ELSE 1 + floor(pg_temp.h(c, 141) * cfg.eps)::int END, -- C1
       CASE WHEN pg_temp.h(c, 142) < 0.02 OR c = 9 THEN NULL ELSE 'KRS-' || lpad(c::text, 6, '0') END,                        -- C2
       sem,
       CASE WHEN pg_temp.h(c, 143) < 0.03 OR c = 12 THEN NULL ELSE 100 + yr - 2015 END,                                       -- C3
       80 + floor(pg_temp.h(c, 144) * 4)::int,
       CASE WHEN pg_temp.h(c, 145) < 0.05 THEN NULL ELSE (ARRAY[30, 45, 60])[1 + floor(pg_temp.h(c, 146) * 3)::int] END,
       CASE WHEN pg_temp.h(c, 147) < 0.05 THEN NULL ELSE (ARRAY[15, 30, 45])[1 + floor(pg_temp.h(c, 148) * 3)::int] END,
       CASE WHEN pg_temp.h(c, 149) < 0.05 THEN NULL ELSE (ARRAY[0, 15, 30])[1 + floor(pg_temp.h(c, 150) * 3)::int] END,
       CASE WHEN pg_temp.h(c, 151) < 0.05 THEN NULL ELSE (ARRAY[0, 0, 15])[1 + floor(pg_temp.h(c, 152) * 3)::int] END,
       CASE WHEN c = 11 THEN '31.02.2020' WHEN c = 13 THEN 'N/A' ELSE
       pg_temp.vdate(CASE WHEN sem = 90 THEN make_date(yr, 9, 15) ELSE make_date(yr + 1, 2, 10) END
                     + floor(pg_temp.h(c, 153) * 7)::int, pg_temp.h(c, 154), pg_temp.h(c, 155)) END,
       CASE WHEN pg_temp.h(c, 156) < 0.05 THEN NULL ELSE 15 + floor(pg_temp.h(c, 157) * 46)::int END,
       CASE WHEN pg_temp.h(c, 158) < 0.60 THEN 1 WHEN pg_temp.h(c, 158) < 0.95 THEN 0 END,
       make_date(yr, 8, 1) + pg_temp.h(c, 159) * interval '30 days',
       CASE WHEN pg_temp.h(c, 160) < 0.5 THEN NULL ELSE make_date(yr, 9, 1) + pg_temp.h(c, 160) * interval '300 days' END
FROM (SELECT c, 2015 + floor(sqrt(pg_temp.h(c, 161)) * 11)::int AS yr,
             CASE WHEN pg_temp.h(c, 162) < 0.5 THEN 90 ELSE 91 END AS sem
        FROM cfg, generate_series(1, cfg.crs) c) x, cfg;

-- ---------------------------------------------------------------------------- course_teacher
INSERT INTO course_teacher (id, course_id, teacher_id, create_date)
SELECT row_number() OVER (ORDER BY c, t)::int,
       CASE WHEN pg_temp.h(c * 2 + t, 170) < 0.003 OR (c = 2 AND t = 0) THEN cfg.crs + 100 + c ELSE c END,
       CASE WHEN pg_temp.h(c * 2 + t, 171) < 0.003 OR (c = 3 AND t = 0) THEN c2.teachers + 100 + c
            ELSE 1 + floor(pg_temp.h(c * 2 + t, 172) * c2.teachers)::int END,
       timestamp '2015-08-15' + pg_temp.h(c * 2 + t, 173) * interval '3900 days'
FROM cfg, counts2 c2, generate_series(1, cfg.crs) c
CROSS JOIN LATERAL (VALUES (0), (1)) x(t)
WHERE t = 0 OR pg_temp.h(c, 174) < 0.2;

-- ---------------------------------------------------------------------------- course_student
-- 5 distinct courses per student (a semester's load): (base + j * (C/5)) mod C, j = 0..4.
INSERT INTO course_student (id, course_id, student_id, create_date, active)
SELECT id,
       CASE WHEN pg_temp.h(id, 180) < 0.002 THEN cfg.crs + 100 + id % 1000
            ELSE 1 + ((floor(pg_temp.h(s, 181) * cfg.crs)::int + j * (cfg.crs / 5)) % cfg.crs) END,
       CASE WHEN pg_temp.h(id, 182) < 0.002 THEN c2.students + 100 + id % 1000 ELSE s END,
       timestamp '2015-09-01' + pg_temp.h(id, 183) * interval '3900 days',
       CASE WHEN pg_temp.h(id, 184) < 0.80 THEN 1 WHEN pg_temp.h(id, 184) < 0.97 THEN 0 END
FROM (SELECT id, (id - 1) / 5 + 1 AS s, (id - 1) % 5 AS j
        FROM counts2, generate_series(1, counts2.students * 5) id) x, cfg, counts2 c2;

-- ------------------------------------------------------------------- education_group_student
INSERT INTO education_group_student (id, education_group_id, student_id, create_date, active)
SELECT row_number() OVER (ORDER BY s, t)::int,
       CASE WHEN pg_temp.h(s * 2 + t, 190) < 0.002 THEN cfg.grps + 100 + s % 1000
            ELSE 1 + floor(pg_temp.h(s * 2 + t, 191) * cfg.grps)::int END,
       CASE WHEN pg_temp.h(s * 2 + t, 192) < 0.002 THEN c2.students + 100 + s % 1000 ELSE s END,
       timestamp '2015-09-01' + pg_temp.h(s * 2 + t, 193) * interval '3900 days',
       CASE WHEN t = 1 THEN 0
            WHEN pg_temp.h(s, 194) < 0.90 THEN 1 WHEN pg_temp.h(s, 194) < 0.98 THEN 0 END
FROM cfg, counts2 c2, generate_series(1, c2.students) s
CROSS JOIN LATERAL (VALUES (0), (1)) x(t)
WHERE t = 0 OR pg_temp.h(s, 195) < 0.07;

-- --------------------------------------------------------------------------------- cleanup
DROP TABLE pg_temp.cfg, pg_temp.nm, pg_temp.sp, pg_temp.pp, pg_temp.sa, pg_temp.su, pg_temp.pu,
           pg_temp.counts, pg_temp.ss, pg_temp.st, pg_temp.counts2;
DROP FUNCTION pg_temp.h(bigint, integer), pg_temp.male(double precision), pg_temp.female(double precision),
              pg_temp.last_name(double precision), pg_temp.mail_domain(double precision), pg_temp.up(text), pg_temp.lo(text), pg_temp.ascii_name(text),
              pg_temp.pin(bigint), pg_temp.vdate(date, double precision, double precision);

ANALYZE dictionaries, organizations, persons, accounts, users, students, teachers, education_group,
        education_plan_subject, course, course_teacher, course_student, education_group_student;
