-- Small hand-written dirty legacy data set (data only; the schema is Assets/sql/legacy/schema.sql).
-- Each row group exercises one kind of dirt the migration must handle; run_target_tests.sh
-- asserts the documented outcome of each (ids quoted in comments).

INSERT INTO dictionaries (id, type_id, code, name_az, name_en, name_ru, parent_id) VALUES
 (1, 1, 'M', 'Kişi', 'Male', 'Муж', NULL),
 (2, 1, 'F', 'Qadın', 'Female', 'Жен', NULL),
 (3, 2, 'AZ', 'Azərbaycan', 'Azerbaijan', 'Азербайджан', NULL),
 (4, NULL, 'X', 'no type', NULL, NULL, NULL),          -- rejected: type_id NULL
 (5, 2, 'SUB', 'child', NULL, NULL, 999),              -- parent 999 missing → NULL, recorded
 (6, 2, 'SUB2', 'child of rejected', NULL, NULL, 4),   -- parent 4 rejected → NULL, recorded
 (101, 7, '2023', '2023/2024', '2023/2024', NULL, NULL), -- education year dictionary rows
 (102, 7, '2024', '2024-2025 tədris ili', NULL, NULL, NULL);

INSERT INTO organizations (id, name_az, name_en, code, parent_id, type_id, active, create_date, update_date) VALUES
 (1, 'Universitet', 'University', 'U', NULL, 10, 1, '2020-01-01', '2020-01-02'),
 (2, 'Fakültə', 'Faculty', 'F', 1, 11, NULL, '2020-01-01', NULL),
 (3, NULL, 'No az name', 'N', 1, 11, 1, '2020-01-01', NULL),   -- rejected: name_az NULL
 (4, '  ', 'Blank', 'B', 1, 11, 1, '2020-01-01', NULL),        -- rejected: name_az blank
 (5, 'Kafedra', 'Chair', 'K', 77, 12, 0, '2020-01-01', NULL),  -- parent 77 missing → NULL
 (6, 'Bölmə', 'Section', 'S', 3, 12, 1, '2020-01-01', NULL);   -- parent 3 rejected → NULL

INSERT INTO persons (id, firstname, lastname, patronymic, gender_id, birthdate, pincode, citizenship_id, create_date, update_date) VALUES
 -- pincode duplicates differing in case/spaces; 11 has more fields → survivor though 10 is lower
 (10, 'Ali', 'Aliyev', NULL, NULL, NULL, 'ab12cd3', NULL, '2020-01-01', NULL),
 (11, 'Ali', 'Aliyev', 'Vali', 1, '2000-05-05', ' AB12CD3 ', 3, '2020-01-02', NULL),
 (12, NULL, NULL, NULL, NULL, NULL, 'Ab12cd3', NULL, '2020-01-03', NULL),  -- nameless, same pincode → merged into 11
 -- name + birthdate duplicates without pincode (case/space differences): 20 survives (tie → lowest id)
 (20, 'Leyla', 'Mammadova', NULL, 2, '1999-01-01', NULL, 3, '2020-01-01', NULL),
 (21, ' leyla ', 'MAMMADOVA', NULL, 2, '1999-01-01', '', 3, '2020-01-01', NULL),
 -- namesakes with different pincodes: two people
 (30, 'Orxan', 'Quliyev', NULL, 1, '1998-02-02', 'QQ11111', 3, NULL, NULL),
 (31, 'Orxan', 'Quliyev', NULL, 1, '1998-02-02', 'QQ22222', 3, NULL, NULL),
 -- nameless, no pincode → rejected
 (40, NULL, 'Həsənov', NULL, 1, NULL, NULL, NULL, NULL, NULL),
 (41, '', '', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 -- a pincode group with no name at all → both rejected
 (42, NULL, NULL, NULL, NULL, NULL, 'ZZ99999', NULL, NULL, NULL),
 (43, ' ', NULL, NULL, NULL, NULL, 'zz99999', NULL, NULL, NULL),
 -- plain persons
 (50, 'Nigar', 'Rzayeva', NULL, 2, '1985-03-03', 'NR00001', 3, '2019-01-01', NULL),
 (51, 'Bob', 'Smith', NULL, 1, '1980-04-04', 'BS00001', NULL, NULL, NULL),
 (52, 'Robert', 'Smith', NULL, 1, '1981-04-04', 'BS00002', NULL, NULL, NULL),
 (53, 'Rəşad', 'Əliyev', NULL, 1, '1970-05-05', 'RA00001', NULL, NULL, NULL);

INSERT INTO accounts (id, person_id, username, email, password, activity_status, create_date, update_date) VALUES
 (100, 10, 'ali', 'ali@x', 'h1', 1, '2020-01-01', NULL),      -- person 10 merged → account points to 11
 (101, 11, 'ALI ', 'ali2@x', 'h2', 1, '2020-01-02', NULL),    -- same username, same surviving person → merged into 100
 (102, 20, 'leyla', NULL, 'h3', NULL, NULL, NULL),
 (103, 51, 'bob', NULL, 'h4', 1, NULL, NULL),
 (104, 52, 'BOB', NULL, 'h5', 0, NULL, NULL),                 -- other person, same username → renamed BOB_104
 (105, 53, 'bob', NULL, 'h6', 1, NULL, NULL),                 -- other person, BOB_105 taken by 106 → bob_legacy105
 (106, 50, 'bob_105', NULL, 'h7', 1, NULL, NULL),
 (107, 999, 'ghost', NULL, 'h8', 1, NULL, NULL),              -- rejected: person missing
 (108, 40, 'nameless', NULL, 'h9', 1, NULL, NULL),            -- rejected: person rejected
 (109, 30, NULL, NULL, 'h10', 1, NULL, NULL),                 -- rejected: username NULL
 (110, 31, '   ', NULL, 'h11', 1, NULL, NULL),                -- rejected: username blank
 (111, NULL, 'noperson', NULL, 'h12', 1, NULL, NULL),         -- rejected: person_id NULL
 (112, 30, 'orxan', NULL, 'h13', 1, NULL, NULL);

INSERT INTO users (id, account_id, organization_id, user_type, is_blocked, create_date, update_date) VALUES
 (200, 100, 1, 1, 0, NULL, NULL),
 (201, 101, 2, 2, 1, NULL, NULL),      -- account 101 merged → user points to 100
 (202, 102, 77, 3, NULL, NULL, NULL),  -- organization 77 missing → NULL, recorded
 (203, 103, 3, 9, 0, NULL, NULL),      -- organization 3 rejected → NULL; user_type 9 → staff
 (204, 104, 1, NULL, 0, NULL, NULL),   -- user_type NULL → staff
 (205, 107, 1, 1, 0, NULL, NULL),      -- rejected: account rejected
 (206, 555, 1, 1, 0, NULL, NULL),      -- rejected: account missing
 (207, NULL, 1, 1, 0, NULL, NULL),     -- rejected: account_id NULL
 (208, 112, 1, 2, 0, NULL, NULL);

INSERT INTO students (id, person_id, user_id, card_number, org_id, in_order_date, active, create_date, update_date) VALUES
 (300, 10, 200, 'C-1', 1, '2021-09-01', 1, '2021-09-01', NULL),          -- person merged → 11
 (301, 21, 201, 'C-1', 2, '2021-09-01 10:00:00', 1, NULL, NULL),         -- card dup → 'C-1-301'; person 21 → 20
 (302, 20, 205, NULL, 1, '01.09.2020', 0, NULL, NULL),                   -- card NULL → STU302; user rejected → NULL
 (303, 50, 999, '  ', 77, '31.02.2020', 1, NULL, NULL),                  -- junk date → NULL; user/org missing → NULL
 (304, 51, NULL, 'C-4', 1, '', 1, NULL, NULL),                           -- blank date → NULL, not recorded
 (305, 52, NULL, 'C-5', 1, 'abc', 1, NULL, NULL),                        -- junk → NULL, recorded
 (306, 999, NULL, 'C-6', 1, '2020-09-01', 1, NULL, NULL),                -- rejected: person missing
 (307, 41, NULL, 'C-7', 1, '2020-09-01', 1, NULL, NULL),                 -- rejected: person rejected
 (308, NULL, NULL, 'C-8', 1, '2020-09-01', 1, NULL, NULL),               -- rejected: person_id NULL
 (309, 53, NULL, 'STU302', 1, '2020-13-01', 1, NULL, NULL),              -- collides with generated STU302 → renamed; month 13 junk
 (310, 30, NULL, 'C-10', 1, '2022-09-01T08:30:00Z', 1, NULL, NULL);

INSERT INTO teachers (id, person_id, user_id, card_number, organization_id, position_id, in_action_date, active, create_date, update_date) VALUES
 (400, 12, 208, 'T-1', 1, 20, '2015-09-01', 1, NULL, NULL),   -- person 12 merged → 11
 (401, 50, NULL, NULL, 2, 21, '1.9.2016', 1, NULL, NULL),
 (402, 43, NULL, 'T-3', 1, 20, '2017-09-01', 1, NULL, NULL),  -- rejected: person rejected
 (403, 53, 777, 'T-4', 66, 20, '29.02.2019', 0, NULL, NULL),  -- invalid day → NULL; user/org missing → NULL; terminated
 (404, 31, NULL, 'T-5', 1, 20, '29.02.2020', 1, NULL, NULL);  -- leap day valid

INSERT INTO education_group (id, name, organization_id, education_year_id, education_level_id, education_type_id, education_lang_id, tyutor_id, active, create_date, update_date) VALUES
 (500, 'AB-21', 1, 101, 1, 1, 3, 400, 1, '2023-09-01', NULL),
 (501, 'AB-22', 77, 102, 1, 1, 3, 999, 1, '2024-09-01', NULL),  -- org missing, tutor missing → NULL
 (502, '  ', 1, 101, 1, 1, 3, 400, 1, '2023-09-01', NULL),      -- rejected: name blank
 (503, 'CD-20', 1, 6, 1, 1, 3, 402, 0, '2020-10-01', NULL),     -- year 6 from create_date; tutor rejected → NULL
 (504, 'EF-19', 1, NULL, 1, 1, 3, NULL, 1, NULL, NULL);         -- no year

INSERT INTO education_plan_subject (id, education_plan_id, subject_id, code, name_az, name_en, name_ru, credits) VALUES
 (600, 1, 1, 'MATH', 'Riyaziyyat', 'Math', NULL, 5),
 (601, 2, 1, 'MATH', 'Riyaziyyat ', 'Mathematics', NULL, 5),
 (602, 3, 1, NULL, 'Ali riyaziyyat', 'Higher math', NULL, 6),   -- minority name, recorded in subject_names
 (603, 1, 2, NULL, 'Fizika', 'Physics', NULL, NULL),           -- tie: 'Fizika' first (lowest id)
 (604, 2, 2, 'PHY', 'Fizika-1', 'Physics 1', NULL, 4),
 (605, 1, NULL, 'X', 'Orphan subject', NULL, NULL, 3),         -- rejected: subject_id NULL
 (606, 1, 3, NULL, NULL, NULL, NULL, -2);                      -- no name at all; credits -2 → 0

INSERT INTO course (id, education_plan_subject_id, code, semester_id, education_year_id, education_lang_id, m_hours, s_hours, l_hours, fm_hours, start_date, student_count, active, create_date, update_date) VALUES
 (700, 601, 'C700', 1, 101, 3, 30, 15, NULL, NULL, '2023-09-15', 30, 1, '2023-09-01', NULL), -- subject 1 (not 601)
 (701, 604, 'C701', 2, 5, 3, 30, 15, 0, 0, '10.02.2025', 25, 1, '2024-09-01', NULL),        -- year 5 from start dates → 2024/2025
 (702, 605, 'C702', 1, 5, 3, 30, 15, 0, 0, '2024-10-01 09:00:00', 25, 0, NULL, NULL),       -- eps has no subject → NULL
 (703, 9999, NULL, 1, 102, 3, NULL, NULL, NULL, NULL, 'junk', NULL, NULL, NULL, NULL),      -- eps missing → NULL; code NULL kept; junk date
 (704, 606, 'C704', 1, NULL, 3, 10, 10, 10, 10, NULL, 10, 1, NULL, NULL);

INSERT INTO course_teacher (id, course_id, teacher_id, create_date) VALUES
 (800, 700, 400, '2023-09-01'),
 (801, 701, 401, NULL),
 (802, 888, 400, NULL),     -- rejected: course missing
 (803, 700, 402, NULL),     -- rejected: teacher rejected
 (804, 700, NULL, NULL),    -- rejected: teacher_id NULL
 (805, 701, 403, NULL);

INSERT INTO course_student (id, course_id, student_id, create_date, active) VALUES
 (900, 700, 300, '2023-09-01', 1),
 (901, 700, 301, NULL, 0),
 (902, 701, 306, NULL, 1),  -- rejected: student rejected
 (903, 888, 300, NULL, 1),  -- rejected: course missing
 (904, 704, 302, NULL, 1),
 (905, NULL, 302, NULL, 1); -- rejected: course_id NULL

INSERT INTO education_group_student (id, education_group_id, student_id, create_date, active) VALUES
 (1000, 500, 300, '2023-09-01', 1),
 (1001, 500, 301, NULL, 0),
 (1002, 502, 302, NULL, 1),  -- rejected: group rejected
 (1003, 501, 999, NULL, 1),  -- rejected: student missing
 (1004, 503, 310, NULL, 1);
