-- A tiny legacy-shaped database for the deployment tests (the stand-in app's three tables). The
-- columns after `active` are the rest of the manifest's (Assets/plan/legacy_tables.yaml): the
-- window fingerprints the COPY of exactly those columns, as the transfer reads them.
CREATE TABLE teachers (id integer PRIMARY KEY, person_id integer, card_number varchar(20), active smallint,
                       user_id integer, organization_id integer, position_id integer, in_action_date timestamp,
                       create_date timestamp, update_date timestamp);
CREATE TABLE education_group (id integer PRIMARY KEY, name varchar(100), active smallint,
                              organization_id integer, education_year_id integer, education_level_id integer,
                              education_type_id integer, education_lang_id integer, tyutor_id integer,
                              create_date timestamp, update_date timestamp);
CREATE TABLE course (id integer PRIMARY KEY, code varchar(20), active smallint,
                     education_plan_subject_id integer, semester_id integer, education_year_id integer,
                     education_lang_id integer, m_hours integer, s_hours integer, l_hours integer, fm_hours integer,
                     start_date timestamp, student_count integer, create_date timestamp, update_date timestamp);
INSERT INTO teachers SELECT g, g, 'T' || g, 1 FROM generate_series(1, 7) g;
INSERT INTO education_group SELECT g, 'Group ' || g, 1 FROM generate_series(1, 4) g;
INSERT INTO course SELECT g, 'C' || g, 1 FROM generate_series(1, 60) g;
