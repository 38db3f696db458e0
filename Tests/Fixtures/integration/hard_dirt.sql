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
