-- Row counts of the named tables in the connected database (NULL when a table is missing),
-- to compare with the pre-migration counts. $1: text[] of table names in schema public.
SELECT t.table_name,
       CASE WHEN to_regclass(format('public.%I', t.table_name)) IS NULL THEN NULL
            ELSE (xpath('/row/c/text()',
                        query_to_xml(format('SELECT count(*) AS c FROM public.%I', t.table_name),
                                     false, true, '')))[1]::text::bigint
       END AS count
FROM unnest($1::text[]) WITH ORDINALITY AS t(table_name, ord)
ORDER BY t.ord;
