-- Blocks or re-allows connections to one database. Identifiers cannot be parameters, so the
-- caller sets the GUCs first (set_config with $1/$2) and format('%I') quotes the name here.
--   edu_migrate.database        the database name
--   edu_migrate.allow           'true' or 'false'
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I WITH ALLOW_CONNECTIONS %s',
                   current_setting('edu_migrate.database'),
                   CASE current_setting('edu_migrate.allow') WHEN 'true' THEN 'true' ELSE 'false' END);
END
$$;
