-- Phase 2, Day 8: the new database (the guide's CREATE DATABASE, name and locale from the
-- configuration). Runs outside a transaction on the maintenance database.
CREATE DATABASE :"target_database"
    WITH ENCODING = 'UTF8'
    LOCALE = :'locale'
    TEMPLATE = template0;

-- The marker that makes it this migration's (core/target_database_state.sql): a retry after an
-- interruption adopts a database carrying it, and nothing else.
COMMENT ON DATABASE :"target_database" IS :'target_marker';
