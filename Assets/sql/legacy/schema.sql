-- Legacy `edu` schema, as it exists in the field (DESIGN.md "Legacy schema").
-- Used by `edu-migrate seed`, the demo and the tests to build a synthetic legacy database.
-- Deliberately faithful to the field: integer ids, smallint 0/1 flags that may be NULL,
-- varchar columns holding dates in several formats, a varchar pincode that is not always clean,
-- and NO foreign keys (so orphans exist). Only primary keys are declared.
-- Plain CREATE TABLE in schema public; DROP ... IF EXISTS first so it can be re-run on a fresh db.

SET client_min_messages = warning;   -- no NOTICE per missing table on a fresh db

DROP TABLE IF EXISTS education_group_student, course_student, course_teacher, course,
    education_plan_subject, education_group, teachers, students, users, accounts, persons,
    organizations, dictionaries CASCADE;

CREATE TABLE dictionaries (
    id          integer PRIMARY KEY,
    type_id     integer,
    code        varchar(50),
    name_az     varchar(500),
    name_en     varchar(500),
    name_ru     varchar(500),
    parent_id   integer
);

CREATE TABLE organizations (
    id          integer PRIMARY KEY,
    name_az     varchar(500),
    name_en     varchar(500),
    code        varchar(50),
    parent_id   integer,
    type_id     integer,
    active      smallint,
    create_date timestamp,
    update_date timestamp
);

CREATE TABLE persons (
    id             integer PRIMARY KEY,
    firstname      varchar(100),
    lastname       varchar(100),
    patronymic     varchar(100),
    gender_id      integer,
    birthdate      date,
    pincode        varchar(20),
    citizenship_id integer,
    create_date    timestamp,
    update_date    timestamp
);

CREATE TABLE accounts (
    id              integer PRIMARY KEY,
    person_id       integer,
    username        varchar(100),
    email           varchar(200),
    password        varchar(200),
    activity_status smallint,
    create_date     timestamp,
    update_date     timestamp
);

CREATE TABLE users (
    id              integer PRIMARY KEY,
    account_id      integer,
    organization_id integer,
    user_type       smallint,
    is_blocked      smallint,
    create_date     timestamp,
    update_date     timestamp
);

CREATE TABLE students (
    id            integer PRIMARY KEY,
    person_id     integer,
    user_id       integer,
    card_number   varchar(50),
    org_id        integer,
    in_order_date varchar(50),
    active        smallint,
    create_date   timestamp,
    update_date   timestamp
);

CREATE TABLE teachers (
    id              integer PRIMARY KEY,
    person_id       integer,
    user_id         integer,
    card_number     varchar(50),
    organization_id integer,
    position_id     integer,
    in_action_date  varchar(50),
    active          smallint,
    create_date     timestamp,
    update_date     timestamp
);

CREATE TABLE education_group (
    id                 integer PRIMARY KEY,
    name               varchar(200),
    organization_id    integer,
    education_year_id  integer,
    education_level_id integer,
    education_type_id  integer,
    education_lang_id  integer,
    tyutor_id          integer,
    active             smallint,
    create_date        timestamp,
    update_date        timestamp
);

CREATE TABLE education_plan_subject (
    id                integer PRIMARY KEY,
    education_plan_id integer,
    subject_id        integer,
    code              varchar(50),
    name_az           varchar(500),
    name_en           varchar(500),
    name_ru           varchar(500),
    credits           integer
);

CREATE TABLE course (
    id                        integer PRIMARY KEY,
    education_plan_subject_id integer,
    code                      varchar(50),
    semester_id               integer,
    education_year_id         integer,
    education_lang_id         integer,
    m_hours                   integer,
    s_hours                   integer,
    l_hours                   integer,
    fm_hours                  integer,
    start_date                varchar(50),
    student_count             integer,
    active                    smallint,
    create_date               timestamp,
    update_date               timestamp
);

CREATE TABLE course_teacher (
    id          integer PRIMARY KEY,
    course_id   integer,
    teacher_id  integer,
    create_date timestamp
);

CREATE TABLE course_student (
    id          integer PRIMARY KEY,
    course_id   integer,
    student_id  integer,
    create_date timestamp,
    active      smallint
);

CREATE TABLE education_group_student (
    id                 integer PRIMARY KEY,
    education_group_id integer,
    student_id         integer,
    create_date        timestamp,
    active             smallint
);
