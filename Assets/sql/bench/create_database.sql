-- edu-migrate bench: an empty database for one method's copy (pg_restore target, CSV import
-- target). Runs outside a transaction on the maintenance database; :"database" is filled in.
CREATE DATABASE :"database" ENCODING 'UTF8' TEMPLATE template0
