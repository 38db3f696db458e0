-- Extra dirty rows added to the seeded legacy database by Tests/IntegrationTests (World.seed),
-- for documented rules the generator (Assets/sql/legacy/seed.sql) does not reach at small scale:
-- in every seeded duplicate group the lowest id is also the fullest named row, so the survivor
-- rule's "named first" and "most fields" parts were never decisive. Ids 900001+ (far above the seed's).
-- Names are ASCII so case folding is locale-independent.

-- Pincode group: the higher id has more fields → it survives (not the lowest id).
INSERT INTO persons (id, firstname, lastname, patronymic, gender_id, birthdate, pincode, citizenship_id, create_date, update_date) VALUES
    (900001, 'Rauf',  'Itestov',  NULL,    1, '1990-01-01', 'ZZZZZ01',   NULL, '2020-01-01 10:00:00', NULL),
    (900002, 'rauf ', 'ITESTOV',  'Elcin', 1, '1990-01-01', ' zzzzz01 ', 10,   '2020-01-02 10:00:00', NULL),
-- Pincode group: a nameless row (would be rejected alone) and a named one → the named one survives, the other is merged.
    (900003, NULL,    'Itestova', 'Kamil', 2, '1985-05-05', 'ZZZZZ02',   10,   '2020-01-03 10:00:00', NULL),
    (900004, 'Aysel', 'Itestova', NULL,    2, '1985-05-05', 'zzzzz02',   NULL, '2020-01-04 10:00:00', NULL),
-- Name + birthdate group (no pincode): the higher id has more fields → it survives.
    (900005, 'Orxan',  'Itestli',  NULL,    NULL, '2000-02-02', NULL, NULL, '2020-01-05 10:00:00', NULL),
    (900006, 'ORXAN ', 'itestli',  'Vugar', 1,    '2000-02-02', '',   10,   '2020-01-06 10:00:00', NULL);

-- Accounts: 900001 and 900002 belong to the same surviving person (900002) → merged into the
-- lowest id 900001; 900003 belongs to another person (900004) → kept, renamed <username>_<id>.
INSERT INTO accounts (id, person_id, username, email, password, activity_status, create_date, update_date) VALUES
    (900001, 900001, 'rauf.itestov.900',  NULL, 'd41d8cd98f00b204e9800998ecf8427e', 1, '2020-01-01 10:00:00', NULL),
    (900002, 900002, 'Rauf.Itestov.900 ', NULL, 'd41d8cd98f00b204e9800998ecf8427e', 1, '2020-01-02 10:00:00', NULL),
    (900003, 900004, 'RAUF.ITESTOV.900',  NULL, 'd41d8cd98f00b204e9800998ecf8427e', 0, '2020-01-04 10:00:00', NULL);

-- Rename collision: 900005 (person 900006) must be renamed, but 'collide.me_900005' is already
-- another account's username (900006, person 900002) → '<username>_legacy<id>'.
INSERT INTO accounts (id, person_id, username, email, password, activity_status, create_date, update_date) VALUES
    (900004, 900004, 'collide.me',        NULL, 'd41d8cd98f00b204e9800998ecf8427e', 1, '2020-01-04 10:00:00', NULL),
    (900005, 900006, 'COLLIDE.ME',        NULL, 'd41d8cd98f00b204e9800998ecf8427e', 1, '2020-01-06 10:00:00', NULL),
    (900006, 900002, 'Collide.Me_900005', NULL, 'd41d8cd98f00b204e9800998ecf8427e', 1, '2020-01-02 10:00:00', NULL);

-- A user of the merged account → must point at account 900001.
INSERT INTO users (id, account_id, organization_id, user_type, is_blocked, create_date, update_date) VALUES
    (900001, 900002, NULL, 1, 0, '2020-01-02 10:00:00', NULL);

-- A student of the merged nameless person → person 900004; a teacher of merged person 900005 → 900006.
-- (No user: user 900001 belongs to another person, a link phase 4 would rightly warn about.)
INSERT INTO students (id, person_id, user_id, card_number, org_id, in_order_date, active, create_date, update_date) VALUES
    (900001, 900003, NULL, NULL, NULL, '15.09.2021', 1, '2021-09-15 10:00:00', NULL);
INSERT INTO teachers (id, person_id, user_id, card_number, organization_id, position_id, in_action_date, active, create_date, update_date) VALUES
    (900001, 900005, NULL, 'T-900001', NULL, NULL, '2020-02-29 08:00:00', 1, '2020-02-29 08:00:00', NULL);
