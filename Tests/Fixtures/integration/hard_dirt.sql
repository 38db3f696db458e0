-- Dirt found by an adversarial hunt over legacy databases dirtier than the seed (IntegrationTests
-- HardDirtTests). Every case broke phase 3 or merged/changed data silently before it was handled.
-- Marker rows use ids from 990001 and names starting with 'Hard', so the test finds them.

-- Database-level settings a legacy server may carry: our sessions must not inherit them.
DO $$ BEGIN
    EXECUTE format('ALTER DATABASE %I SET datestyle = %L', current_database(), 'SQL, DMY');
    EXECUTE format('ALTER DATABASE %I SET client_encoding = %L', current_database(), 'LATIN1');
    EXECUTE format('ALTER DATABASE %I SET search_path = %L', current_database(), 'pg_catalog');
END $$;

-- Wider columns than the legacy schema has, so values longer than a unique index can hold fit.
ALTER TABLE persons  ALTER COLUMN pincode TYPE text, ALTER COLUMN firstname TYPE text, ALTER COLUMN lastname TYPE text;
ALTER TABLE accounts ALTER COLUMN username TYPE text;
ALTER TABLE students ALTER COLUMN card_number TYPE text;
ALTER TABLE course   ALTER COLUMN s_hours TYPE numeric(10, 2);

INSERT INTO persons (id, firstname, lastname, patronymic, gender_id, birthdate, pincode, citizenship_id, create_date) VALUES
-- 'İ' and 'I': different under upper(), equal under the unique index's lower() (libc C.UTF-8).
    (990001, 'HardDotted', 'One', NULL, 1, '1990-01-01', 'HARDİ1', 10, '2015-01-01'),
    (990002, 'HardDotted', 'One', NULL, 1, '1990-01-01', 'HARDI1', 10, '2015-01-02'),
-- a negative id that must win its group (the fullest row), and the sparse row it absorbs
    (-990003, 'HardNeg', 'Winner', 'X', 1, '1980-05-05', 'HARDNEG1', 10, '2015-01-03'),
    (990004, 'HardNeg', 'Winner', NULL, NULL, NULL, 'hardneg1', NULL, '2015-01-04'),
-- placeholder pincodes typed for different people: never a merge
    (990005, 'HardPlace', 'Alpha', NULL, 1, '1991-01-01', 'N/A', 10, '2015-01-05'),
    (990006, 'HardPlace', 'Beta', NULL, 1, '1992-02-02', 'N/A', 10, '2015-01-06'),
    (990007, 'HardPlace', 'Gamma', NULL, 1, '1993-03-03', '-', 10, '2015-01-07'),
    (990008, 'HardPlace', 'Delta', NULL, 1, '1994-04-04', '0000000', 10, '2015-01-08'),
-- a real-looking pincode shared by three different names: a placeholder too
    (990009, 'HardShared', 'Anna', NULL, 2, '1995-05-05', 'HARDSH1', 10, '2015-01-09'),
    (990010, 'HardShared', 'Bella', NULL, 2, '1996-06-06', 'HARDSH1', 10, '2015-01-10'),
    (990011, 'HardShared', 'Cara', NULL, 2, '1997-07-07', 'hardsh1', 10, '2015-01-11'),
-- names that would run into each other in a plain 'first|last' key (no pincode)
    (990012, 'HardAli|Veli', 'Kaya', NULL, 1, '1990-05-05', NULL, 10, '2015-01-12'),
    (990013, 'HardAli', 'Veli|Kaya', NULL, 1, '1990-05-05', NULL, 10, '2015-01-13'),
-- names that are only a no-break space: blank, so rejected
    (990014, E'\u00a0', E'\u00a0\u200b', NULL, 1, '1990-01-01', 'HARDNBSP1', 10, '2015-01-14'),
-- a tab and a zero-width space around the same pincode: one person
    (990015, 'HardTab', 'Same', NULL, 1, '1990-01-01', E'\tHARDTAB1', 10, '2015-01-15'),
    (990016, 'HardTab', 'Same', NULL, 1, '1990-01-01', E'hardtab1\u200b', 10, '2015-01-16'),
-- a pincode longer than any identifier (and than a unique index can hold)
    (990017, 'HardLong', 'Pin', NULL, 1, '1990-01-01', repeat('HARDLONGPIN', 300), 10, '2015-01-17'),
-- owners of the accounts and students below (distinct people)
    (990021, 'HardBob', 'One', NULL, 1, '1981-01-01', 'HARDBOB1', 10, '2015-02-01'),
    (990022, 'HardBob', 'Two', NULL, 1, '1982-01-01', 'HARDBOB2', 10, '2015-02-02'),
    (990023, 'HardBob', 'Three', NULL, 1, '1983-01-01', 'HARDBOB3', 10, '2015-02-03'),
    (990024, 'HardBob', 'Four', NULL, 1, '1984-01-01', 'HARDBOB4', 10, '2015-02-04');

-- usernames: the rename of the second 'hardbob' (<name>_<id>) and its fallback
-- (<name>_legacy<id>) are both held already; a username that is only a zero-width space; one
-- longer than a unique index can hold
INSERT INTO accounts (id, person_id, username, password, activity_status, create_date) VALUES
    (990021, 990021, 'hardbob', 'x', 1, '2015-02-01'),
    (990022, 990022, 'HARDBOB', 'x', 1, '2015-02-02'),
    (990023, 990023, 'hardbob_990022', 'x', 1, '2015-02-03'),
    (990024, 990024, 'hardbob_legacy990022', 'x', 1, '2015-02-04'),
    (990025, 990015, E'\u200b', 'x', 1, '2015-02-05'),
    (990026, 990017, repeat('hardlonguser', 300), 'x', 1, '2015-02-06'),
    (990027, 990004, 'hardneguser', 'x', 1, '2015-02-07');

-- card numbers: the same chain for student numbers, and one far too long
INSERT INTO students (id, person_id, card_number, active, create_date) VALUES
    (990021, 990021, 'HARDCARD', 1, '2015-02-01'),
    (990022, 990022, 'HARDCARD', 1, '2015-02-02'),
    (990023, 990023, 'HARDCARD-990022', 1, '2015-02-03'),
    (990024, 990024, 'HARDCARD-legacy990022', 1, '2015-02-04'),
    (990025, 990017, repeat('HARDLONGCARD', 300), 1, '2015-02-05');

-- hours from a numeric(10,2) column: whole numbers written with decimals
UPDATE course SET s_hours = 30.00 WHERE id = (SELECT min(id) FROM course);

-- A second hunt.
-- Negative ids: 'HARDNC' + '-' + '-980115' would equal 'HARDNC-' + '-' + '980115'.
INSERT INTO students (id, person_id, card_number, active, create_date) VALUES
    (-990100, 990021, 'HARDNC', 1, '2015-03-01'),
    (-980115, 990022, 'HARDNC', 1, '2015-03-02'),
    (-990101, 990023, 'HARDNC-', 1, '2015-03-03'),
    (980115, 990024, 'HARDNC-', 1, '2015-03-04');
-- A generated STU<id> (no card) against a real card number that is the same text.
INSERT INTO students (id, person_id, card_number, active, create_date) VALUES
    (990031, 990021, NULL, 1, '2015-03-05'),
    (990032, 990022, 'STU990031', 1, '2015-03-06');
-- Thousands of students sharing one card number (a placeholder typed for everyone).
INSERT INTO students (id, person_id, card_number, active, create_date)
SELECT 991000 + g, 990021 + g % 4, 'HARDSAME', 1, '2015-03-07' FROM generate_series(1, 3000) g;
-- The same username twice for one person: the active account survives, not the lower id.
INSERT INTO accounts (id, person_id, username, password, activity_status, create_date) VALUES
    (990041, 990022, 'hardsame', 'old', 0, '2015-03-08'),
    (990042, 990022, 'HARDSAME', 'new', 1, '2015-03-09');
-- An id at bigint's maximum: the identity sequence cannot go past it.
ALTER TABLE teachers ALTER COLUMN id TYPE bigint;
INSERT INTO teachers (id, person_id, card_number, active, create_date) VALUES
    (9223372036854775807, 990024, 'HARDMAXT', 1, '2015-03-10');
-- Flags and user types from numeric columns ('1.0'); hours with a thin space after them.
ALTER TABLE accounts ALTER COLUMN activity_status TYPE numeric(3, 1);
ALTER TABLE users ALTER COLUMN user_type TYPE numeric(3, 1);
ALTER TABLE course ALTER COLUMN m_hours TYPE varchar(10);
UPDATE course SET m_hours = E'40\u2009' WHERE id = (SELECT min(id) FROM course);

-- A third hunt.
-- One pincode typed for two different people (names and birthdates differ): no merge.
INSERT INTO persons (id, firstname, lastname, gender_id, birthdate, pincode, citizenship_id, create_date) VALUES
    (990051, 'HardTwo', 'First', 1, '1980-01-01', 'HARDTWO1', 10, '2015-04-01'),
    (990052, 'HardOther', 'Second', 2, '2001-01-01', 'HARDTWO1', 10, '2015-04-02');
-- A duplicate whose birthdate the survivor lacks: the merged row keeps it in the ledger.
INSERT INTO persons (id, firstname, lastname, patronymic, gender_id, birthdate, pincode, citizenship_id, create_date) VALUES
    (990053, 'HardKeep', 'Row', 'P', 1, NULL, 'HARDKEEP1', 10, '2015-04-03'),
    (990054, 'HardKeep', 'Row', NULL, 1, '1990-01-01', 'hardkeep1', NULL, '2015-04-04');
-- A group naming an education year that no dictionary holds.
UPDATE education_group SET education_year_id = 77777 WHERE id = (SELECT max(id) FROM education_group);
-- lab hours at integer's maximum: a whole number in range.
UPDATE course SET l_hours = 2147483647 WHERE id = (SELECT max(id) FROM course);
-- A fuller row whose first name is a placeholder ('???') and a sparse one with the real name:
-- the real name survives.
INSERT INTO persons (id, firstname, lastname, patronymic, gender_id, birthdate, pincode, citizenship_id, create_date) VALUES
    (990061, '???', 'HardJunk', 'P', 1, '1985-05-05', 'HARDJUNK1', 10, '2015-04-05'),
    (990062, 'HardReal', 'HardJunk', NULL, NULL, NULL, 'hardjunk1', NULL, '2015-04-06');
-- A student linked to a user whose account belongs to another person (the legacy data's own
-- inconsistency): migrated as linked, and phase 4 warns.
INSERT INTO users (id, account_id, user_type, is_blocked, create_date) VALUES (990071, 990021, 1, 0, '2015-05-01');
INSERT INTO students (id, person_id, user_id, card_number, active, create_date) VALUES (990072, 990022, 990071, 'HARDLINK', 1, '2015-05-02');
-- A flag that is not 0/1: read as 0 (not blocked) and recorded.
UPDATE users SET is_blocked = 7 WHERE id = (SELECT min(id) FROM users);
-- The same in the link tables (1.9M rows at scale): read as 0 and recorded too.
UPDATE course_student SET active = 2 WHERE id = (SELECT min(id) FROM course_student);
UPDATE education_group_student SET active = 9 WHERE id = (SELECT min(id) FROM education_group_student);
