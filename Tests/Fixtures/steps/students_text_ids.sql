-- The tiny legacy database's students with reference ids stored as text (legacy-columns must refuse).
ALTER TABLE students ALTER COLUMN person_id TYPE varchar(20), ALTER COLUMN org_id TYPE text;
