-- May the connecting role create databases? (check create-db-privilege)
SELECT rolname, rolcreatedb, rolsuper
FROM pg_roles
WHERE rolname = current_user
