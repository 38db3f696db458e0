-- The marker of core/create_database.sql, set again when a retry adopts an empty UTF8 database
-- that an interruption left between its CREATE and this COMMENT. On the maintenance database.
COMMENT ON DATABASE :"target_database" IS :'target_marker';
