-- On the SOURCE: may the connecting role rename the legacy database at the cutover? ALTER
-- DATABASE ... RENAME needs its owner (or a member of the owning role) with CREATEDB, or a
-- superuser. Found in phase 1, not after the application went down.
SELECT d.datname AS database,
       pg_get_userbyid(d.datdba) AS owner,
       current_user AS role,
       pg_has_role(current_user, d.datdba, 'MEMBER') AS owns,
       r.rolsuper AS superuser
FROM pg_database d
JOIN pg_roles r ON r.rolname = current_user
WHERE d.datname = current_database();
