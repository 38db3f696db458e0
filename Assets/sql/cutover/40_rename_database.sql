-- Renames one database. The caller sets the GUCs first (set_config with $1/$2):
--   edu_migrate.rename_from, edu_migrate.rename_to
-- Fails (55006 object_in_use) if anyone else is still connected to it.
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I RENAME TO %I',
                   current_setting('edu_migrate.rename_from'),
                   current_setting('edu_migrate.rename_to'));
END
$$;
