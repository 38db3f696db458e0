-- edu-migrate seed: the empty legacy database (UTF8, from template0) that schema.sql and seed.sql
-- fill. Runs outside a transaction on the maintenance database; :"database" is filled in.
CREATE DATABASE :"database" ENCODING 'UTF8' TEMPLATE template0
