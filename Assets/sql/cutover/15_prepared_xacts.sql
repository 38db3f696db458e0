-- Prepared transactions of the databases being frozen ($1: text[] of names). One left behind
-- can still commit writes after the freeze (COMMIT PREPARED), so the window refuses to go on.
SELECT gid, database::text AS database, owner::text AS owner,
       to_char(prepared, 'YYYY-MM-DD HH24:MI:SS') AS prepared
FROM pg_prepared_xacts
WHERE database = ANY($1::text[])
ORDER BY prepared;
