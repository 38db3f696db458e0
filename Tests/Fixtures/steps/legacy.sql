-- A tiny legacy database for the executor tests: three tables as in the field (no FKs,
-- varchar dates, smallint flags), with NULLs, tabs, newlines and Azerbaijani letters.
CREATE TABLE dictionaries (id integer, type_id integer, code varchar(50), name_az varchar(255),
                           name_en varchar(255), name_ru varchar(255), parent_id integer);
CREATE TABLE persons (id integer PRIMARY KEY, firstname varchar(100), lastname varchar(100), patronymic varchar(100),
                      gender_id integer, birthdate date, pincode varchar(20), citizenship_id integer,
                      create_date timestamp, update_date timestamp);
CREATE INDEX persons_pincode ON persons (pincode);
CREATE TABLE students (id serial PRIMARY KEY, person_id integer, user_id integer, card_number varchar(50), org_id integer,
                       in_order_date varchar(50), active smallint, create_date timestamp, update_date timestamp);
INSERT INTO dictionaries VALUES (1, 1, 'M', 'Kişi', 'Male', 'Мужской', NULL), (2, 1, 'F', 'Qadın', 'Female', 'Женский', NULL);
INSERT INTO persons
SELECT g, 'Ad ' || g || ' Əli', E'Soyad\t' || g, CASE WHEN g % 5 = 0 THEN NULL ELSE E'Ata\nadı' END, 1 + g % 2,
       date '1990-01-01' + g, lpad(g::text, 7, '0'), 1, timestamp '2020-01-01' + g * interval '1 hour', NULL
FROM generate_series(1, 5000) g;
INSERT INTO students (person_id, user_id, card_number, org_id, in_order_date, active, create_date)
SELECT g, g, 'C' || g, 1 + g % 3, CASE g % 3 WHEN 0 THEN '2019-09-01' WHEN 1 THEN '01.09.2019' ELSE '' END,
       CASE WHEN g % 7 = 0 THEN NULL ELSE g % 2 END, now()
FROM generate_series(1, 3000) g;
ANALYZE;
