-- The tiny legacy database's students with reference ids and a create date stored as text
-- (legacy-columns must refuse them; in_order_date is text by design and stays accepted).
ALTER TABLE students ALTER COLUMN person_id TYPE varchar(20), ALTER COLUMN org_id TYPE text,
    ALTER COLUMN create_date TYPE varchar(30);
