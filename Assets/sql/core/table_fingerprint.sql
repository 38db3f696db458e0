-- Fingerprint of one table's content ($1 = table name in schema public), for exact change
-- detection between phase 3's copy and the maintenance window (DESIGN.md "The maintenance window").
-- row_count: count(*). content_hash: the sum, over every row, of a 64-bit hash of the whole row as
-- text (every column, NULL distinct from ''), as an exact numeric. Order-independent, so it is the
-- same for the same rows whatever their physical order; any INSERT, DELETE, UPDATE of any column
-- (to a value of the same length too), DELETE + INSERT or TRUNCATE + reload changes it (a change
-- that keeps it equal needs a 64-bit hash collision). Read-only: runs on the legacy database in
-- the transfer's exported snapshot, on the frozen legacy database in the window, and on the new
-- database at the cutover (what a rollback compares with).
SELECT (xpath('/row/n/text()', x))[1]::text::bigint AS row_count,
       (xpath('/row/h/text()', x))[1]::text AS content_hash
FROM query_to_xml(format('SELECT count(*) AS n, coalesce(sum(hashtextextended(t::text, 0)), 0) AS h FROM public.%I AS t',
                         $1::text), false, true, '') AS x;
