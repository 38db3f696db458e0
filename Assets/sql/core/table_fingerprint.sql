-- Fingerprint of one table's content on the NEW database ($1 = table name in schema public),
-- method sql-row-hashtextextended: what the cutover records and a rollback compares with, target
-- with target (DESIGN.md "The maintenance window").
-- row_count: count(*). content_hash: the sum, over every row, of a 64-bit hash of the whole row as
-- text (every column, NULL distinct from ''), as an exact numeric. Order-independent, so it is the
-- same for the same rows whatever their physical order; any INSERT, DELETE, UPDATE of any column
-- (to a value of the same length too), DELETE + INSERT or TRUNCATE + reload changes it (a change
-- that keeps it equal needs a 64-bit hash collision). Read-only.
-- The LEGACY tables are not fingerprinted here any more: the transfer hashes the COPY text of the
-- manifest's columns as it copies them (method copy-text-fnv64, CopyDigest in Sources/Postgres),
-- and the window hashes the same COPY of the frozen database (core/copy_text_session.sql). The two
-- methods give different numbers for the same rows and are never compared with each other.
SELECT (xpath('/row/n/text()', x))[1]::text::bigint AS row_count,
       (xpath('/row/h/text()', x))[1]::text AS content_hash
FROM query_to_xml(format('SELECT count(*) AS n, coalesce(sum(hashtextextended(t::text, 0)), 0) AS h FROM public.%I AS t',
                         $1::text), false, true, '') AS x;
